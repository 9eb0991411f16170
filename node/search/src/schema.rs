//! The document layout: one document per torrent (with its classification).
//!
//! - text (release tokenizer, with positions): `title` (the classified title), `name`
//!   (the torrent name), `files` (the first file paths);
//! - raw keyword fields, indexed for filters and fast (columnar) for facet counts:
//!   `content_type`, `language`, `resolution`, `source`, `codec`, `video_3d`, `tag`,
//!   `file_type`;
//! - numbers, indexed for range filters and fast for ordering and counts: `year`,
//!   `origin`, `size`, `seeders`, `leechers`, `files_count`, `published`, `discovered`;
//! - `name_sort` (fast only): the lower-cased name, the key of the name order;
//! - `hash_key` (fast only): the first 8 bytes of the info hash, the tie-breaker that
//!   makes every order total;
//! - `info_hash` (indexed and fast bytes): deletes and updates go by it, hits read it;
//! - `ext_id`, `season`, `episode`, `season_pack` (indexed only): Torznab's id and
//!   episode searches.
//!
//! [`SCHEMA_VERSION`] changes whenever this layout or the tokenizer changes; an index
//! with another version is rebuilt at start.

use std::collections::BTreeSet;

use lodestone_proto::{FileType, Video3d, VideoCodec, VideoResolution, VideoSource, file_path};
use lodestone_store::search_feed::IndexRecord;
use tantivy::TantivyDocument;
use tantivy::schema::{
    BytesOptions, FAST, Field, INDEXED, IndexRecordOption, NumericOptions, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::tokenizer::RELEASE_TOKENIZER;

/// Version of the layout and tokenizer; see the module docs.
pub const SCHEMA_VERSION: u32 = 3;

/// Bytes of file path text indexed per torrent at most.
const MAX_FILES_TEXT: usize = 16 * 1024;
/// Bytes of the name kept as its sort key.
const NAME_SORT_BYTES: usize = 96;

/// Episode terms are `season * EPISODE_STRIDE + episode`.
pub const EPISODE_STRIDE: u64 = 100_000;

#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    pub info_hash: Field,
    pub title: Field,
    pub name: Field,
    pub files: Field,
    pub content_type: Field,
    pub language: Field,
    pub resolution: Field,
    pub source: Field,
    pub codec: Field,
    pub video_3d: Field,
    pub tag: Field,
    pub file_type: Field,
    pub year: Field,
    pub origin: Field,
    pub size: Field,
    pub seeders: Field,
    pub leechers: Field,
    pub files_count: Field,
    pub published: Field,
    pub discovered: Field,
    pub name_sort: Field,
    pub hash_key: Field,
    pub ext_id: Field,
    pub season: Field,
    pub episode: Field,
    pub season_pack: Field,
}

pub const F_CONTENT_TYPE: &str = "content_type";
pub const F_LANGUAGE: &str = "language";
pub const F_RESOLUTION: &str = "resolution";
pub const F_SOURCE: &str = "source";
pub const F_CODEC: &str = "codec";
pub const F_VIDEO_3D: &str = "video_3d";
pub const F_TAG: &str = "tag";
pub const F_FILE_TYPE: &str = "file_type";
pub const F_YEAR: &str = "year";
pub const F_ORIGIN: &str = "origin";
pub const F_SIZE: &str = "size";
pub const F_SEEDERS: &str = "seeders";
pub const F_LEECHERS: &str = "leechers";
pub const F_FILES_COUNT: &str = "files_count";
pub const F_PUBLISHED: &str = "published";
pub const F_DISCOVERED: &str = "discovered";
pub const F_NAME_SORT: &str = "name_sort";
pub const F_HASH_KEY: &str = "hash_key";
pub const F_INFO_HASH: &str = "info_hash";

impl Fields {
    pub fn new() -> Self {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(RELEASE_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let keyword = STRING | FAST;
        let number = NumericOptions::default().set_indexed().set_fast();
        let info_hash = b.add_bytes_field(
            F_INFO_HASH,
            BytesOptions::default().set_indexed().set_fast(),
        );
        let title = b.add_text_field("title", text.clone());
        let name = b.add_text_field("name", text.clone());
        let files = b.add_text_field("files", text);
        let content_type = b.add_text_field(F_CONTENT_TYPE, keyword.clone());
        let language = b.add_text_field(F_LANGUAGE, keyword.clone());
        let resolution = b.add_text_field(F_RESOLUTION, keyword.clone());
        let source = b.add_text_field(F_SOURCE, keyword.clone());
        let codec = b.add_text_field(F_CODEC, keyword.clone());
        let video_3d = b.add_text_field(F_VIDEO_3D, keyword.clone());
        let tag = b.add_text_field(F_TAG, keyword.clone());
        let file_type = b.add_text_field(F_FILE_TYPE, keyword);
        let year = b.add_u64_field(F_YEAR, number.clone());
        let origin = b.add_u64_field(F_ORIGIN, number.clone());
        let size = b.add_u64_field(F_SIZE, number.clone());
        let seeders = b.add_u64_field(F_SEEDERS, number.clone());
        let leechers = b.add_u64_field(F_LEECHERS, number.clone());
        let files_count = b.add_u64_field(F_FILES_COUNT, number.clone());
        let published = b.add_u64_field(F_PUBLISHED, number.clone());
        let discovered = b.add_u64_field(F_DISCOVERED, number);
        let name_sort = b.add_text_field(F_NAME_SORT, TextOptions::default().set_fast("raw"));
        let hash_key = b.add_u64_field(F_HASH_KEY, FAST);
        let ext_id = b.add_text_field("ext_id", STRING);
        let season = b.add_u64_field("season", INDEXED);
        let episode = b.add_u64_field("episode", INDEXED);
        let season_pack = b.add_u64_field("season_pack", INDEXED);
        Self {
            schema: b.build(),
            info_hash,
            title,
            name,
            files,
            content_type,
            language,
            resolution,
            source,
            codec,
            video_3d,
            tag,
            file_type,
            year,
            origin,
            size,
            seeders,
            leechers,
            files_count,
            published,
            discovered,
            name_sort,
            hash_key,
            ext_id,
            season,
            episode,
            season_pack,
        }
    }

    /// The document of one torrent.
    pub fn document(&self, record: &IndexRecord) -> TantivyDocument {
        let s = &record.summary;
        let mut doc = TantivyDocument::default();
        doc.add_bytes(self.info_hash, s.info_hash.as_bytes().as_slice());
        doc.add_u64(self.hash_key, hash_key(s.info_hash.as_bytes()));
        if let Some(title) = &s.title {
            doc.add_text(self.title, title);
        }
        doc.add_text(self.name, &s.name);
        doc.add_text(self.name_sort, name_sort_key(&s.name));

        let mut files_text = String::new();
        for path in &record.file_paths {
            if files_text.len() + path.len() > MAX_FILES_TEXT {
                break;
            }
            files_text.push_str(path);
            files_text.push('\n');
        }
        if !files_text.is_empty() {
            doc.add_text(self.files, &files_text);
        }
        let mut file_types: BTreeSet<&'static str> = BTreeSet::new();
        let mut add_type = |path: &str| {
            let ft = file_path::file_type(path);
            if ft != FileType::Unknown {
                file_types.insert(ft.as_str());
            }
        };
        if record.file_paths.is_empty() {
            // A single-file torrent without a file list: its name is the file.
            add_type(&s.name);
        }
        record.file_paths.iter().for_each(|p| add_type(p));
        for ft in file_types {
            doc.add_text(self.file_type, ft);
        }

        doc.add_text(self.content_type, s.content_type.as_str());
        let mut languages: Vec<String> = s.languages.iter().map(|l| l.to_lowercase()).collect();
        languages.sort_unstable();
        languages.dedup();
        for language in &languages {
            doc.add_text(self.language, language);
        }
        for (field, value) in [
            (
                self.resolution,
                s.video_resolution
                    .as_deref()
                    .map(canonical::<VideoResolution>),
            ),
            (
                self.source,
                s.video_source.as_deref().map(canonical::<VideoSource>),
            ),
            (
                self.codec,
                s.video_codec.as_deref().map(canonical::<VideoCodec>),
            ),
            (
                self.video_3d,
                s.video_3d.as_deref().map(canonical::<Video3d>),
            ),
        ] {
            if let Some(v) = value {
                doc.add_text(field, v);
            }
        }
        for tag in &s.tags {
            doc.add_text(self.tag, tag);
        }
        if let Some(year) = s.release_year.filter(|y| *y > 0) {
            doc.add_u64(self.year, year as u64);
        }
        doc.add_u64(self.origin, s.origin.max(0) as u64);
        doc.add_u64(self.size, s.size.max(0) as u64);
        if let Some(n) = s.seeders {
            doc.add_u64(self.seeders, n.max(0) as u64);
        }
        if let Some(n) = s.leechers {
            doc.add_u64(self.leechers, n.max(0) as u64);
        }
        if let Some(n) = s.files_count {
            doc.add_u64(self.files_count, n.max(0) as u64);
        }
        doc.add_u64(self.published, timestamp(s.published_at));
        doc.add_u64(self.discovered, timestamp(s.discovered_at));
        for (source, id) in &s.external_ids {
            doc.add_text(self.ext_id, external_id_term(source, id));
        }
        if let Some(episodes) = &s.episodes {
            for (season, eps) in episodes.seasons() {
                doc.add_u64(self.season, season as u64);
                if eps.is_empty() {
                    doc.add_u64(self.season_pack, season as u64);
                }
                for ep in eps {
                    doc.add_u64(self.episode, season as u64 * EPISODE_STRIDE + *ep as u64);
                }
            }
        }
        doc
    }
}

/// The canonical name of a video attribute (`1080p` -> `V1080p`, `WEB-DL` -> `WEBDL`),
/// or the value as given when it is not one this binary knows.
pub fn canonical<T: std::str::FromStr + ToString>(value: &str) -> String {
    value
        .parse::<T>()
        .map_or_else(|_| value.trim().to_string(), |v| v.to_string())
}

/// The tie-breaker of every order: the info hash's first 8 bytes, big-endian.
pub fn hash_key(bytes: &[u8; 20]) -> u64 {
    u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes"))
}

/// The name order's key: lower-cased, cut at a character boundary.
pub fn name_sort_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut end = lower.len().min(NAME_SORT_BYTES);
    while !lower.is_char_boundary(end) {
        end -= 1;
    }
    lower[..end].to_string()
}

/// `imdb:tt0133093`, lower-cased source, id as given (IMDb ids are lower-cased too).
pub fn external_id_term(source: &str, id: &str) -> String {
    format!(
        "{}:{}",
        source.trim().to_lowercase(),
        id.trim().to_lowercase()
    )
}

fn timestamp(t: time::OffsetDateTime) -> u64 {
    t.unix_timestamp().max(0) as u64
}
