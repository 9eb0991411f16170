//! A reproducible corpus of realistic torrents, for tests and benchmarks.
//!
//! [`CorpusGenerator`] is an endless iterator of [`GeneratedTorrent`]s drawn from a
//! ChaCha8 stream: the same seed gives the same sequence, on every platform, because only
//! integer sampling is used (no floating-point maths whose last bit could differ). Names
//! follow the conventions a DHT crawl or a tracker dump is full of: scene dot names, YTS
//! and p2p brackets, fansub anime, FLAC albums, repacks, Linux ISOs, comic packs and a
//! share of Cyrillic, CJK and accented titles, in roughly the shares a crawler sees them.
//! Each torrent carries its [`ContentKind`], the ground truth it was generated from, so a
//! test can measure the classifier against it.
//!
//! Titles are not drawn from the stream directly: a title id is drawn (skewed towards a
//! popular few hundred), and the title, its year and its IMDb id are derived from the id
//! alone. A popular film therefore recurs as several releases with the same spelling,
//! year and IMDb id, as it does in real data, in every seed.
//!
//! [`GeneratedTorrent::to_import_json`] renders one line of the `/import` NDJSON format
//! and [`write_ndjson`] writes a whole corpus.
//!
//! The names are built by content, one submodule each: `video` (films, TV, anime,
//! adult), `audio` (music, audiobooks), `print` (ebooks, comics) and `software` (games,
//! applications, OS images); `titles` makes titles and people out of the `words` lists.
//! Changing any of them, or the `rand`/`rand_chacha` versions in `Cargo.lock`, changes
//! every seed's corpus.

use std::io::{self, BufWriter, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Serialize, Serializer};
use time::macros::datetime;
use time::{Date, Duration, Month, OffsetDateTime};

use self::titles::{Script, native_title, person, short_title};
use self::words as w;

mod audio;
mod print;
mod software;
mod titles;
mod video;
#[rustfmt::skip]
mod words;

const KB: u64 = 1 << 10;
const MB: u64 = 1 << 20;

const fn mb(n: u64) -> u64 {
    n * MB
}

const fn gb(n: u64) -> u64 {
    n << 30
}

const PUBLISHED_FROM: OffsetDateTime = datetime!(2008-01-01 0:00 UTC);
const PUBLISHED_UNTIL: OffsetDateTime = datetime!(2026-01-01 0:00 UTC);

/// What a generated torrent really is; `as_str` gives the content type names of the
/// classifier and of `/import` hints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentKind {
    Movie,
    TvShow,
    Music,
    Ebook,
    Comic,
    Audiobook,
    Game,
    Software,
    Xxx,
    Unknown,
}

impl ContentKind {
    pub const ALL: [Self; 10] = [
        Self::Movie,
        Self::TvShow,
        Self::Music,
        Self::Ebook,
        Self::Comic,
        Self::Audiobook,
        Self::Game,
        Self::Software,
        Self::Xxx,
        Self::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Movie => "movie",
            Self::TvShow => "tv_show",
            Self::Music => "music",
            Self::Ebook => "ebook",
            Self::Comic => "comic",
            Self::Audiobook => "audiobook",
            Self::Game => "game",
            Self::Software => "software",
            Self::Xxx => "xxx",
            Self::Unknown => "unknown",
        }
    }
}

/// Shares in percent, roughly those of a DHT crawl.
const KIND_SHARES: &[(u32, ContentKind)] = &[
    (22, ContentKind::Movie),
    (26, ContentKind::TvShow),
    (12, ContentKind::Music),
    (6, ContentKind::Ebook),
    (3, ContentKind::Comic),
    (3, ContentKind::Audiobook),
    (7, ContentKind::Game),
    (7, ContentKind::Software),
    (9, ContentKind::Xxx),
    (5, ContentKind::Unknown),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedTorrent {
    pub info_hash: [u8; 20],
    pub name: String,
    /// The sum of the file sizes; for a single-file torrent, the size of that file.
    pub size: u64,
    /// Paths relative to the torrent's root, `/`-separated. Empty for a single-file
    /// torrent, whose one file is `name` itself.
    pub files: Vec<(String, u64)>,
    pub published_at: OffsetDateTime,
    pub seeders: Option<u32>,
    pub leechers: Option<u32>,
    /// The `/import` source name, set on the torrents that carry RARBG-dump hints.
    pub source: Option<&'static str>,
    pub content_type: Option<&'static str>,
    pub content_source: Option<&'static str>,
    pub content_id: Option<String>,
    /// Ground truth: the kind of content the name and files were made for.
    pub kind: ContentKind,
}

impl GeneratedTorrent {
    pub fn info_hash_hex(&self) -> String {
        hex40(&self.info_hash)
            .iter()
            .map(|&b| char::from(b))
            .collect()
    }

    /// One line of `/import` NDJSON, without the trailing newline.
    pub fn to_import_json(&self) -> String {
        let mut line = Vec::with_capacity(256 + 48 * self.files.len());
        self.write_import_json(&mut line)
            .expect("writing to a Vec cannot fail");
        String::from_utf8(line).expect("serde_json writes UTF-8")
    }

    /// Writes [`Self::to_import_json`] to `writer`, without the trailing newline.
    pub fn write_import_json<W: Write>(&self, writer: W) -> io::Result<()> {
        let hex = hex40(&self.info_hash);
        let line = ImportLine {
            info_hash: std::str::from_utf8(&hex).expect("hex digits are ASCII"),
            name: &self.name,
            size: self.size,
            published_at: self.published_at,
            source: self.source,
            content_type: self.content_type,
            content_source: self.content_source,
            content_id: self.content_id.as_deref(),
            files: &self.files,
            seeders: self.seeders,
            leechers: self.leechers,
        };
        serde_json::to_writer(writer, &line).map_err(io::Error::from)
    }
}

/// Writes the first `n` torrents of `seed` as `/import` NDJSON, one per line.
pub fn write_ndjson<W: Write>(seed: u64, n: usize, writer: W) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(256 * KB as usize, writer);
    for torrent in CorpusGenerator::new(seed).take(n) {
        torrent.write_import_json(&mut out)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportLine<'a> {
    info_hash: &'a str,
    name: &'a str,
    size: u64,
    #[serde(with = "time::serde::rfc3339")]
    published_at: OffsetDateTime,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_id: Option<&'a str>,
    #[serde(
        skip_serializing_if = "<[_]>::is_empty",
        serialize_with = "import_files"
    )]
    files: &'a [(String, u64)],
    #[serde(skip_serializing_if = "Option::is_none")]
    seeders: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leechers: Option<u32>,
}

#[derive(Serialize)]
struct ImportFile<'a> {
    path: &'a str,
    size: u64,
}

fn import_files<S: Serializer>(files: &&[(String, u64)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(
        files
            .iter()
            .map(|(path, size)| ImportFile { path, size: *size }),
    )
}

fn hex40(bytes: &[u8; 20]) -> [u8; 40] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0; 40];
    for (i, byte) in bytes.iter().enumerate() {
        hex[2 * i] = DIGITS[usize::from(byte >> 4)];
        hex[2 * i + 1] = DIGITS[usize::from(byte & 0xf)];
    }
    hex
}

/// An endless, seeded stream of torrents.
pub struct CorpusGenerator {
    rng: ChaCha8Rng,
}

impl CorpusGenerator {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn generate(&mut self) -> GeneratedTorrent {
        let rng = &mut self.rng;
        let info_hash: [u8; 20] = rng.random();
        let kind = *weighted(rng, KIND_SHARES);
        let release = match kind {
            ContentKind::Movie => video::movie(rng),
            ContentKind::TvShow => video::tv_show(rng),
            ContentKind::Music => audio::music(rng),
            ContentKind::Ebook => print::ebook(rng),
            ContentKind::Comic => print::comic(rng),
            ContentKind::Audiobook => audio::audiobook(rng),
            ContentKind::Game => software::game(rng),
            ContentKind::Software => software::software(rng),
            ContentKind::Xxx => video::xxx(rng),
            ContentKind::Unknown => unknown(rng),
        };
        let published_at = release
            .published_at
            .unwrap_or_else(|| published(rng, release.year));
        let (seeders, leechers) = swarm(rng);
        // Hints as the RARBG dump has them: IMDb ids on films and shows, a bare content
        // type on some of the other categories it had.
        let (source, content_type, content_source, content_id) = match (kind, release.imdb) {
            (ContentKind::Movie | ContentKind::TvShow, Some(id)) if chance(rng, 20) => {
                (Some("rarbg"), Some(kind.as_str()), Some("imdb"), Some(id))
            }
            (
                ContentKind::Music
                | ContentKind::Ebook
                | ContentKind::Game
                | ContentKind::Software
                | ContentKind::Xxx,
                _,
            ) if chance(rng, 8) => (Some("rarbg"), Some(kind.as_str()), None, None),
            _ => (None, None, None, None),
        };
        GeneratedTorrent {
            info_hash,
            name: release.name,
            size: release.size,
            files: release.files,
            published_at,
            seeders,
            leechers,
            source,
            content_type,
            content_source,
            content_id,
            kind,
        }
    }
}

impl Iterator for CorpusGenerator {
    type Item = GeneratedTorrent;

    fn next(&mut self) -> Option<GeneratedTorrent> {
        Some(self.generate())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}

/// A name and its files, before the publication details are drawn.
struct Release {
    name: String,
    files: Vec<(String, u64)>,
    size: u64,
    /// Year of the work: a torrent is not published long before it.
    year: Option<i32>,
    /// Set when the name pins the date (daily shows, dated scenes).
    published_at: Option<OffsetDateTime>,
    imdb: Option<String>,
}

impl Release {
    fn single(name: String, size: u64) -> Self {
        Self {
            name,
            files: Vec::new(),
            size,
            year: None,
            published_at: None,
            imdb: None,
        }
    }

    fn multi(name: String, files: Vec<(String, u64)>) -> Self {
        let size = files.iter().map(|(_, size)| size).sum();
        Self {
            name,
            files,
            size,
            year: None,
            published_at: None,
            imdb: None,
        }
    }

    fn year(mut self, year: i32) -> Self {
        self.year = Some(year);
        self
    }

    fn imdb(mut self, id: String) -> Self {
        self.imdb = Some(id);
        self
    }

    fn single_or_folder<R: Rng + ?Sized>(
        rng: &mut R,
        name: String,
        file: String,
        size: u64,
    ) -> Self {
        if chance(rng, 50) {
            Self::single(file, size)
        } else {
            Self::multi(name, vec![(file, size)])
        }
    }

    fn published(mut self, at: OffsetDateTime) -> Self {
        self.published_at = Some(at);
        self
    }
}

fn index<R: Rng + ?Sized>(rng: &mut R, len: usize) -> usize {
    // Sampled as u32 so that 32- and 64-bit targets draw the same stream.
    let len = u32::try_from(len).expect("word lists are small");
    rng.random_range(0..len) as usize
}

fn pick<'a, T, R: Rng + ?Sized>(rng: &mut R, items: &'a [T]) -> &'a T {
    &items[index(rng, items.len())]
}

fn weighted<'a, T, R: Rng + ?Sized>(rng: &mut R, items: &'a [(u32, T)]) -> &'a T {
    let total: u32 = items.iter().map(|(weight, _)| weight).sum();
    let mut roll = rng.random_range(0..total);
    for (weight, item) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    unreachable!("the roll is below the total weight")
}

fn chance<R: Rng + ?Sized>(rng: &mut R, percent: u32) -> bool {
    rng.random_range(0..100) < percent
}

fn between<R: Rng + ?Sized>(rng: &mut R, low: u64, high: u64) -> u64 {
    rng.random_range(low..=high)
}

/// The kinds of titles, each with its own dice: the same id gives a film and a show
/// different titles.
#[derive(Clone, Copy)]
enum Titles {
    Movie = 1,
    Show,
    DailyShow,
    Anime,
    Artist,
    Ebook,
    Audiobook,
    Comic,
    Game,
}

/// The dice of one title: the id is drawn from the stream (40% among the `popular`
/// first), everything about the title from the id.
fn title_dice(rng: &mut ChaCha8Rng, kind: Titles, popular: u32, total: u32) -> ChaCha8Rng {
    let id = if chance(rng, 40) {
        rng.random_range(0..popular)
    } else {
        rng.random_range(0..total)
    };
    ChaCha8Rng::seed_from_u64((kind as u64) << 32 | u64::from(id))
}

fn published<R: Rng + ?Sized>(rng: &mut R, year: Option<i32>) -> OffsetDateTime {
    let earliest = year
        .and_then(|year| Date::from_calendar_date(year.min(2026), Month::January, 1).ok())
        .map_or(PUBLISHED_FROM, |date| {
            (date.midnight().assume_utc() - Duration::days(90)).max(PUBLISHED_FROM)
        });
    let span = (PUBLISHED_UNTIL - earliest).whole_seconds();
    earliest + Duration::seconds(rng.random_range(0..span))
}

/// Seeders and leechers: a fifth unknown, most of the rest dead or nearly so, a few huge.
fn swarm<R: Rng + ?Sized>(rng: &mut R) -> (Option<u32>, Option<u32>) {
    if chance(rng, 20) {
        return (None, None);
    }
    let &(low, high) = weighted(
        rng,
        &[
            (300, (0, 0)),
            (300, (1, 5)),
            (250, (6, 50)),
            (120, (51, 500)),
            (27, (501, 5_000)),
            (3, (5_001, 60_000)),
        ],
    );
    let seeders = rng.random_range(low..=high);
    (Some(seeders), Some(rng.random_range(0..=seeders / 3 + 3)))
}

fn work_year<R: Rng + ?Sized>(rng: &mut R) -> i32 {
    let &(low, high) = weighted(
        rng,
        &[(10, (1950, 1979)), (20, (1980, 1999)), (70, (2000, 2026))],
    );
    rng.random_range(low..=high)
}

fn recent_year<R: Rng + ?Sized>(rng: &mut R) -> i32 {
    let &(low, high) = weighted(rng, &[(15, (1990, 2007)), (85, (2008, 2026))]);
    rng.random_range(low..=high)
}

fn imdb_id<R: Rng + ?Sized>(rng: &mut R, year: i32) -> String {
    if year >= 2019 {
        format!("tt{}", rng.random_range(10_000_000..16_000_000))
    } else {
        format!("tt{:07}", rng.random_range(1..10_000_000))
    }
}

fn date_dotted(date: Date) -> String {
    format!(
        "{}.{:02}.{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Personal and miscellaneous files, which the classifier should leave unknown.
fn unknown(rng: &mut ChaCha8Rng) -> Release {
    let year = rng.random_range(2005..=2025);
    let release = match rng.random_range(0..100) {
        0..25 => {
            let name = match native_title(rng) {
                (Script::Cyrillic, _) => format!("Фото {year}"),
                (Script::Chinese | Script::Japanese, _) => format!("写真 {year}"),
                _ => format!("Vacation Photos {year}"),
            };
            let start = rng.random_range(1..9_000);
            let files = (start..start + rng.random_range(6..=12))
                .map(|n| (format!("IMG_{n:04}.jpg"), between(rng, mb(2), mb(8))))
                .collect();
            Release::multi(name, files)
        }
        25..45 => Release::single(
            format!(
                "backup_{year}-{:02}-{:02}.zip",
                rng.random_range(1..=12),
                rng.random_range(1..=28)
            ),
            between(rng, mb(10), gb(20)),
        ),
        45..70 => {
            let topic = format!("{} {}", pick(rng, w::GERUNDS), pick(rng, w::NOUNS));
            let name = format!(
                "{topic} Course - {} [{}]",
                person(rng),
                pick(rng, &["Udemy", "Coursera", "Pluralsight", "Skillshare"])
            );
            let files = (1..=rng.random_range(4..=12))
                .map(|n| {
                    (
                        format!("{n:02} - {}.mp4", short_title(rng)),
                        between(rng, mb(20), mb(400)),
                    )
                })
                .collect();
            Release::multi(name, files)
        }
        70..85 => {
            let count = rng.random_range(6..=12);
            let files = (1..=count)
                .map(|n| (format!("wallpaper_{n:03}.jpg"), between(rng, mb(1), mb(12))))
                .collect();
            Release::multi(
                format!("Desktop Wallpapers 4K Pack ({count} pictures)"),
                files,
            )
        }
        _ => Release::single(
            format!(
                "{}_{year}.tar.gz",
                pick(rng, &["data", "dump", "archive", "export", "New Folder"])
            ),
            between(rng, mb(1), gb(8)),
        ),
    };
    release.year(year)
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use serde_json::Value;
    use time::format_description::well_known::Rfc3339;

    use super::*;

    #[test]
    fn same_seed_gives_the_same_corpus() {
        let first: Vec<_> = CorpusGenerator::new(7).take(500).collect();
        let again: Vec<_> = CorpusGenerator::new(7).take(500).collect();
        assert_eq!(first, again);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_ndjson(7, 500, &mut a).unwrap();
        write_ndjson(7, 500, &mut b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn different_seeds_give_different_corpora() {
        let first: Vec<_> = CorpusGenerator::new(7).take(100).map(|t| t.name).collect();
        let other: Vec<_> = CorpusGenerator::new(8).take(100).map(|t| t.name).collect();
        let shared = first.iter().filter(|name| other.contains(name)).count();
        assert!(shared < 10, "{shared} of 100 names shared between seeds");
    }

    #[test]
    fn every_line_is_an_import_record() {
        let mut out = Vec::new();
        write_ndjson(3, 3_000, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let torrents: Vec<_> = CorpusGenerator::new(3).take(3_000).collect();
        assert_eq!(text.lines().count(), torrents.len());
        for (line, torrent) in text.lines().zip(&torrents) {
            let record: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let record = record.as_object().unwrap();
            let hash = record["infoHash"].as_str().unwrap();
            assert_eq!(hash.len(), 40);
            assert!(
                hash.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{hash}"
            );
            assert_eq!(hash, torrent.info_hash_hex());
            assert_eq!(record["name"].as_str().unwrap(), torrent.name);
            assert_eq!(record["size"].as_u64().unwrap(), torrent.size);
            let published =
                OffsetDateTime::parse(record["publishedAt"].as_str().unwrap(), &Rfc3339).unwrap();
            assert_eq!(published, torrent.published_at);
            assert!(
                record.values().all(|value| !value.is_null()),
                "absent fields are omitted: {line}"
            );
            match record.get("files") {
                Some(files) => {
                    let files = files.as_array().unwrap();
                    let sum: u64 = files
                        .iter()
                        .map(|file| file["size"].as_u64().unwrap())
                        .sum();
                    assert_eq!(sum, torrent.size);
                    assert!(
                        files
                            .iter()
                            .all(|file| !file["path"].as_str().unwrap().is_empty())
                    );
                }
                None => assert!(torrent.files.is_empty()),
            }
            if record.contains_key("contentSource") {
                assert_eq!(record["contentSource"], "imdb");
                assert!(record["contentId"].as_str().unwrap().starts_with("tt"));
                assert!(record.contains_key("contentType"));
            }
            assert_eq!(line, torrent.to_import_json());
        }
    }

    #[test]
    fn sizes_and_dates_are_consistent() {
        for torrent in CorpusGenerator::new(11).take(10_000) {
            assert!(torrent.size > 0, "{}", torrent.name);
            if !torrent.files.is_empty() {
                assert_eq!(
                    torrent.files.iter().map(|(_, size)| size).sum::<u64>(),
                    torrent.size
                );
                assert!(
                    torrent.files.len() <= 60,
                    "{}: {} files",
                    torrent.name,
                    torrent.files.len()
                );
            }
            for (path, _) in &torrent.files {
                assert!(
                    !path.starts_with('/') && !path.ends_with('/') && !path.contains("//"),
                    "{path}"
                );
            }
            let year = torrent.published_at.year();
            assert!(
                (2008..2026).contains(&year),
                "{}: {}",
                torrent.name,
                torrent.published_at
            );
            assert!(!torrent.name.trim().is_empty());
            if let (Some(seeders), Some(leechers)) = (torrent.seeders, torrent.leechers) {
                assert!(seeders <= 60_000 && leechers <= seeders / 3 + 3);
            }
        }
    }

    #[test]
    fn shares_cover_every_kind_and_feature() {
        let torrents: Vec<_> = CorpusGenerator::new(5).take(10_000).collect();
        let mut per_kind: HashMap<ContentKind, usize> = HashMap::new();
        for torrent in &torrents {
            *per_kind.entry(torrent.kind).or_default() += 1;
        }
        for kind in ContentKind::ALL {
            assert!(
                per_kind.get(&kind).copied().unwrap_or(0) >= 100,
                "{kind:?}: {per_kind:?}"
            );
        }
        let count = |predicate: &dyn Fn(&GeneratedTorrent) -> bool| {
            torrents.iter().filter(|t| predicate(t)).count()
        };
        let non_ascii = count(&|t| !t.name.is_ascii());
        assert!(
            (200..1_500).contains(&non_ascii),
            "{non_ascii} non-ASCII names"
        );
        assert!(
            count(&|t| t.files.is_empty()) > 1_000,
            "single-file torrents"
        );
        assert!(
            count(&|t| t.files.len() >= 10) > 500,
            "torrents with many files"
        );
        assert!(
            count(&|t| t.content_id.is_some()) > 300,
            "torrents with IMDb hints"
        );
        assert!(count(&|t| t.content_type.is_some() && t.content_id.is_none()) > 50);
        assert!(count(&|t| t.seeders.is_none()) > 1_000);
        assert!(
            count(&|t| t.seeders.is_some_and(|s| s > 500)) > 50,
            "a few big swarms"
        );
        for needle in [
            "S0",
            "1080p",
            "2160p",
            "[FLAC]",
            "FitGirl",
            "ubuntu-",
            "(Digital)",
            "[SubsPlease]",
            ".epub",
            "x265",
        ] {
            assert!(
                torrents.iter().any(|t| t.name.contains(needle)),
                "no name contains {needle}"
            );
        }
    }

    #[test]
    fn info_hashes_and_names_are_distinct() {
        let torrents: Vec<_> = CorpusGenerator::new(9).take(10_000).collect();
        let hashes: HashSet<_> = torrents.iter().map(|t| t.info_hash).collect();
        assert_eq!(hashes.len(), torrents.len());
        let names: HashSet<_> = torrents.iter().map(|t| t.name.as_str()).collect();
        assert!(names.len() > 9_000, "{} distinct names", names.len());
        let movie_titles: HashSet<_> = torrents
            .iter()
            .filter(|t| t.kind == ContentKind::Movie && t.content_id.is_some())
            .map(|t| t.content_id.as_deref())
            .collect();
        assert!(
            movie_titles.len() > 100,
            "{} distinct hinted movies",
            movie_titles.len()
        );
    }

    #[test]
    fn a_popular_title_recurs_with_the_same_year_and_imdb_id() {
        let mut by_imdb: HashMap<String, (usize, HashSet<String>)> = HashMap::new();
        for torrent in CorpusGenerator::new(13).take(20_000) {
            if let (ContentKind::Movie, Some(id)) = (torrent.kind, torrent.content_id) {
                let year = torrent
                    .name
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|part| part.len() == 4)
                    .expect("movie names carry a year");
                let entry = by_imdb.entry(id).or_default();
                entry.0 += 1;
                entry.1.insert(year.to_owned());
            }
        }
        assert!(
            by_imdb.values().all(|(_, years)| years.len() == 1),
            "{by_imdb:?}"
        );
        assert!(
            by_imdb.values().any(|(releases, _)| *releases >= 3),
            "popular titles recur"
        );
    }

    #[test]
    fn names_are_json_escaped() {
        let mut torrent = CorpusGenerator::new(1).next().unwrap();
        torrent.name = "quote \" backslash \\ newline \n Фото 写真".to_owned();
        let record: Value = serde_json::from_str(&torrent.to_import_json()).unwrap();
        assert_eq!(record["name"], torrent.name.as_str());
    }
}
