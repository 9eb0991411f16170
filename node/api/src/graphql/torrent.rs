//! The `Torrent` type: a torrent as search results and lookups show it.
//!
//! Most fields come from the torrent's summary ([`TorrentSummary`]), which a search page
//! reads for all its hits in one query. The file list and the per-source counts are
//! not in the summary: `files` and `sources` read the torrent's detail
//! ([`Torrents::get`]) the first time either is asked for, once per torrent, so a
//! query that does not select them costs no extra read.
//!
//! [`Torrents::get`]: lodestone_store::torrents::Torrents::get

use std::collections::HashSet;

use async_graphql::{Context, Enum, Object, ResultExt, SimpleObject};
use lodestone_proto::{
    InfoHash, Video3d, VideoCodec, VideoModifier, VideoResolution, VideoSource, file_path,
};
use lodestone_store::search_feed::TorrentSummary;
use lodestone_store::torrents::StoredTorrent;
use tokio::sync::OnceCell;

use super::error::ApiError;
use super::scalars::{BigInt, DateTime};
use crate::AppState;

/// Largest page of a torrent's files.
pub const MAX_FILES_LIMIT: i32 = 1000;

/// What a torrent is, from its classification. Values are lower-case like bitmagnet's
/// and equal to the values of the `CONTENT_TYPE` facet and the query language's
/// `type:` filter, so a value read here can be sent back as a filter.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(
    name = "ContentType",
    remote = "lodestone_proto::ContentType",
    rename_items = "snake_case"
)]
pub enum ContentType {
    Movie,
    TvShow,
    Music,
    Ebook,
    Comic,
    Audiobook,
    Game,
    Software,
    Xxx,
    /// Not (yet) classified.
    Unknown,
}

impl ContentType {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ContentType::Movie => "Movie",
            ContentType::TvShow => "TV show",
            ContentType::Music => "Music",
            ContentType::Ebook => "E-book",
            ContentType::Comic => "Comic",
            ContentType::Audiobook => "Audiobook",
            ContentType::Game => "Game",
            ContentType::Software => "Software",
            ContentType::Xxx => "XXX",
            ContentType::Unknown => "Unknown",
        }
    }
}

/// A torrent: its info dictionary's name and size, what sources said about it and how
/// it was classified.
pub struct Torrent {
    summary: TorrentSummary,
    /// Loaded on first use by `files` or `sources`; `None` inside: deleted meanwhile.
    detail: OnceCell<Option<StoredTorrent>>,
}

impl Torrent {
    pub fn new(summary: TorrentSummary) -> Self {
        Self {
            summary,
            detail: OnceCell::new(),
        }
    }

    async fn detail(&self, ctx: &Context<'_>) -> Result<Option<&StoredTorrent>, ApiError> {
        let store = &ctx.data_unchecked::<AppState>().store;
        let hash = self.summary.info_hash;
        let detail = self
            .detail
            .get_or_try_init(|| async move { store.torrents().get(&hash).await })
            .await?;
        Ok(detail.as_ref())
    }
}

/// A torrent: its info dictionary's name and size, what sources said about it and how
/// it was classified.
#[Object]
impl Torrent {
    /// 40 lower-case hex characters.
    async fn info_hash(&self) -> String {
        self.summary.info_hash.to_hex()
    }

    /// The info dictionary's name.
    async fn name(&self) -> &str {
        &self.summary.name
    }

    /// Total size in bytes.
    async fn size(&self) -> BigInt {
        BigInt(self.summary.size)
    }

    /// Whether the torrent is private (BEP 27): no DHT, no peer exchange.
    async fn private(&self) -> bool {
        self.summary.private
    }

    /// Number of files; null when the file list is unknown.
    async fn files_count(&self) -> Option<i32> {
        self.summary.files_count
    }

    /// Id of the node that first recorded the torrent; 1 is this node.
    async fn origin(&self) -> i32 {
        self.summary.origin
    }

    /// When this node first stored the torrent.
    async fn discovered_at(&self) -> DateTime {
        DateTime(self.summary.discovered_at)
    }

    /// The earliest time a source published it, else when it was discovered.
    async fn published_at(&self) -> DateTime {
        DateTime(self.summary.published_at)
    }

    /// The largest count any source reported; null when none did.
    async fn seeders(&self) -> Option<i32> {
        self.summary.seeders
    }

    /// The largest count any source reported; null when none did.
    async fn leechers(&self) -> Option<i32> {
        self.summary.leechers
    }

    /// A magnet link (BEP 9) with the name as `dn`.
    async fn magnet_uri(&self) -> String {
        self.summary.info_hash.to_magnet(Some(&self.summary.name))
    }

    /// Tags, sorted.
    async fn tags(&self) -> &[String] {
        &self.summary.tags
    }

    /// Whether the classifier has processed the torrent; until it has, the fields below
    /// show what the importer said.
    async fn classified(&self) -> bool {
        self.summary.classified
    }

    async fn content_type(&self) -> ContentType {
        self.summary.content_type.into()
    }

    /// Title of the movie, show, album, book or game.
    async fn title(&self) -> Option<&str> {
        self.summary.title.as_deref()
    }

    async fn release_year(&self) -> Option<i32> {
        self.summary.release_year.map(i32::from)
    }

    /// Seasons and episodes held: `S01` for a whole season, `S01E02` for an episode.
    async fn episodes(&self) -> Vec<String> {
        self.summary
            .episodes
            .as_ref()
            .map(|e| e.to_labels())
            .unwrap_or_default()
    }

    /// `V720p`, `V1080p`, `V2160p`, ... (bitmagnet's names, as the `RESOLUTION` facet
    /// reports them).
    async fn video_resolution(&self) -> Option<String> {
        canonical::<VideoResolution>(self.summary.video_resolution.as_deref())
    }

    /// `BluRay`, `WEBDL`, `WEBRip`, `TV`, ... (as the `SOURCE` facet reports them).
    async fn video_source(&self) -> Option<String> {
        canonical::<VideoSource>(self.summary.video_source.as_deref())
    }

    /// `x264`, `x265`, `H264`, `AV1`, ... (as the `CODEC` facet reports them).
    async fn video_codec(&self) -> Option<String> {
        canonical::<VideoCodec>(self.summary.video_codec.as_deref())
    }

    /// `V3D`, `V3DSBS`, `V3DOU`.
    #[graphql(name = "video3d")]
    async fn video_3d(&self) -> Option<String> {
        canonical::<Video3d>(self.summary.video_3d.as_deref())
    }

    /// `REMUX`, `BRDISK`, `SCREENER`, ...
    async fn video_modifier(&self) -> Option<String> {
        canonical::<VideoModifier>(self.summary.video_modifier.as_deref())
    }

    async fn release_group(&self) -> Option<&str> {
        self.summary.release_group.as_deref()
    }

    /// Lower-case language codes (`en`, `fr`).
    async fn languages(&self) -> &[String] {
        &self.summary.languages
    }

    /// Ids of the movie or show the torrent is attached to, in other databases.
    async fn external_ids(&self) -> Vec<ExternalId> {
        self.summary
            .external_ids
            .iter()
            .map(|(source, id)| ExternalId {
                source: source.clone(),
                id: id.clone(),
            })
            .collect()
    }

    /// A page of the file list, in the torrent's order; null when the file list is
    /// unknown. `limit` is at most 1000.
    #[graphql(complexity = "super::files_cost(limit, child_complexity)")]
    async fn files(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 0)] offset: i32,
        #[graphql(default = 100)] limit: i32,
    ) -> async_graphql::Result<Option<FilesPage>> {
        let (offset, limit) = files_window(offset, limit).extend()?;
        if self.summary.files_count.is_none() {
            return Ok(None);
        }
        let Some(detail) = self.detail(ctx).await.extend()? else {
            return Ok(None);
        };
        Ok(Some(FilesPage::new(detail, offset, limit)))
    }

    /// What each source reported, by source key.
    #[graphql(complexity = "super::DETAIL_COST + child_complexity")]
    async fn sources(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<TorrentSource>> {
        let detail = self.detail(ctx).await.extend()?;
        Ok(detail
            .map(|d| {
                d.sources
                    .iter()
                    .map(|s| TorrentSource {
                        key: s.key.clone(),
                        seeders: s.seeders,
                        leechers: s.leechers,
                        published_at: s.published_at.map(DateTime),
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// An id in another database: `imdb` / `tt0133093`, `tmdb` / `603`, `tvdb` / `81189`.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct ExternalId {
    pub source: String,
    pub id: String,
}

/// One page of a torrent's files.
#[derive(SimpleObject, Debug)]
pub struct FilesPage {
    /// Number of files in the torrent.
    pub total_count: i32,
    pub has_next_page: bool,
    pub items: Vec<TorrentFile>,
}

impl FilesPage {
    fn new(detail: &StoredTorrent, offset: usize, limit: usize) -> Self {
        let total = detail.files.len();
        let end = offset.saturating_add(limit).min(total);
        let items = detail
            .files
            .iter()
            .enumerate()
            .skip(offset)
            .take(limit)
            .map(|(index, file)| TorrentFile {
                index: i32::try_from(index).unwrap_or(i32::MAX),
                extension: file_path::extension(&file.path),
                file_type: file_path::file_type(&file.path).as_str(),
                path: file.path.clone(),
                size: BigInt(file.size),
            })
            .collect();
        Self {
            total_count: i32::try_from(total).unwrap_or(i32::MAX),
            has_next_page: end < total,
            items,
        }
    }
}

/// A file of a torrent.
#[derive(SimpleObject, Debug)]
pub struct TorrentFile {
    /// Position in the torrent's file list, from 0.
    pub index: i32,
    /// "/"-separated path inside the torrent.
    pub path: String,
    pub size: BigInt,
    /// Lower-case extension without the dot; null when the name has none.
    pub extension: Option<String>,
    /// `video`, `audio`, `archive`, ... from the extension; `unknown` without one.
    pub file_type: &'static str,
}

/// What one source (`dht`, an importer's key) reported about a torrent.
#[derive(SimpleObject, Debug)]
pub struct TorrentSource {
    pub key: String,
    pub seeders: Option<i32>,
    pub leechers: Option<i32>,
    pub published_at: Option<DateTime>,
}

fn files_window(offset: i32, limit: i32) -> Result<(usize, usize), ApiError> {
    let offset = usize::try_from(offset)
        .map_err(|_| ApiError::BadRequest("files offset must not be negative".into()))?;
    let limit = usize::try_from(limit)
        .ok()
        .filter(|&l| l <= MAX_FILES_LIMIT as usize)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "files limit must be between 0 and {MAX_FILES_LIMIT}"
            ))
        })?;
    Ok((offset, limit))
}

/// The canonical name of a video attribute (`1080p` -> `V1080p`), as the index and its
/// facets spell it; a value this binary does not know is kept as stored.
fn canonical<T: std::str::FromStr + ToString>(value: Option<&str>) -> Option<String> {
    let value = value?.trim();
    (!value.is_empty()).then(|| {
        value
            .parse::<T>()
            .map_or_else(|_| value.to_owned(), |v| v.to_string())
    })
}

/// Parses an info hash as hex, base32 or a magnet link.
pub fn parse_info_hash(input: &str) -> Result<InfoHash, ApiError> {
    input
        .trim()
        .parse()
        .map_err(|e| ApiError::bad_info_hash(input, e))
}

/// Parses a list of info hashes, at most `max` of them, dropping repeats (first
/// occurrence kept).
pub fn parse_info_hashes(inputs: &[String], max: usize) -> Result<Vec<InfoHash>, ApiError> {
    if inputs.len() > max {
        return Err(ApiError::TooMany {
            what: "info hashes",
            got: inputs.len(),
            max,
        });
    }
    let mut seen = HashSet::with_capacity(inputs.len());
    let mut hashes = Vec::with_capacity(inputs.len());
    for input in inputs {
        let hash = parse_info_hash(input)?;
        if seen.insert(hash) {
            hashes.push(hash);
        }
    }
    Ok(hashes)
}

#[cfg(test)]
mod tests {
    use lodestone_store::torrents::NewFile;
    use time::OffsetDateTime;

    use super::*;

    const HEX: &str = "0123456789abcdef0123456789abcdef01234567";

    fn stored(files: usize) -> StoredTorrent {
        StoredTorrent {
            info_hash: HEX.parse().expect("hash"),
            name: "t".into(),
            size: 0,
            private: false,
            files_count: Some(files as i32),
            origin: 1,
            discovered_at: OffsetDateTime::UNIX_EPOCH,
            files: (0..files)
                .map(|i| NewFile {
                    path: format!("dir/file{i}.mkv"),
                    size: i as i64,
                })
                .collect(),
            sources: Vec::new(),
            hints: None,
        }
    }

    #[test]
    fn files_pages_cover_the_list_without_gaps() {
        let detail = stored(5);
        let first = FilesPage::new(&detail, 0, 2);
        let second = FilesPage::new(&detail, 2, 2);
        let last = FilesPage::new(&detail, 4, 2);
        let beyond = FilesPage::new(&detail, 9, 2);
        assert!(first.has_next_page && second.has_next_page && !last.has_next_page);
        let indexes: Vec<i32> = [first, second, last]
            .iter()
            .flat_map(|p| p.items.iter().map(|f| f.index))
            .collect();
        assert_eq!(indexes, [0, 1, 2, 3, 4]);
        assert!(beyond.items.is_empty());
        assert_eq!(beyond.total_count, 5);
        let file = &FilesPage::new(&detail, 3, 1).items[0];
        assert_eq!(file.path, "dir/file3.mkv");
        assert_eq!(file.extension.as_deref(), Some("mkv"));
        assert_eq!(file.file_type, "video");
    }

    #[test]
    fn files_window_is_bounded() {
        assert_eq!(files_window(0, 1000).expect("ok"), (0, 1000));
        assert!(files_window(0, 1001).is_err());
        assert!(files_window(-1, 10).is_err());
        assert!(files_window(0, -1).is_err());
    }

    #[test]
    fn info_hash_lists_are_capped_and_deduplicated() {
        let upper = HEX.to_uppercase();
        let hashes = parse_info_hashes(&[HEX.into(), upper, HEX.into()], 3).expect("parses");
        assert_eq!(hashes.len(), 1);
        let too_many = parse_info_hashes(&vec![HEX.to_owned(); 4], 3).unwrap_err();
        assert_eq!(too_many.code(), "TOO_MANY");
        let bad = parse_info_hashes(&["nope".into()], 3).unwrap_err();
        assert_eq!(bad.code(), "BAD_INFO_HASH");
        let magnet = format!("magnet:?xt=urn:btih:{HEX}&dn=x");
        assert_eq!(parse_info_hash(&magnet).expect("magnet").to_hex(), HEX);
    }

    #[test]
    fn video_attributes_read_as_the_facets_spell_them() {
        assert_eq!(
            canonical::<VideoResolution>(Some("1080p")).as_deref(),
            Some("V1080p")
        );
        assert_eq!(
            canonical::<VideoSource>(Some("web-dl")).as_deref(),
            Some("WEBDL")
        );
        assert_eq!(
            canonical::<VideoCodec>(Some("novel")).as_deref(),
            Some("novel")
        );
        assert_eq!(canonical::<VideoCodec>(Some(" ")), None);
    }

    #[test]
    fn content_types_mirror_the_domain() {
        for &ct in lodestone_proto::ContentType::ALL {
            let gql = ContentType::from(ct);
            assert_eq!(lodestone_proto::ContentType::from(gql), ct);
            assert!(!gql.label().is_empty());
        }
    }
}
