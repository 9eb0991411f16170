//! What the Torznab tests share: the fixture torrents, a node serving them through
//! the whole router, and readers of the documents it answers with.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use lodestone_api::torznab::{TorznabConfig, TorznabProfile};
use lodestone_api::{AppState, MAX_CONCURRENT_IMPORTS, Metrics};
use lodestone_proto::{ContentType, Episodes, InfoHash};
use lodestone_search::{Search, SearchOptions};
use lodestone_store::Store;
use lodestone_store::torrents::{NewFile, NewTorrent, SourceObservation, TorrentHints};
use sqlx::PgPool;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;
use time::macros::datetime;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

pub const TORZNAB_NS: &str = "http://torznab.com/schemas/2015/feed";
pub const NEWZNAB_NS: &str = "http://www.newznab.com/DTD/2010/feeds/attributes/";
pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// Categories Sonarr and Radarr send by default.
pub const SONARR_CATS: &str = "5000,5030,5040,5045,5070";
pub const RADARR_CATS: &str = "2000,2010,2030,2040,2045,2050,2060";

/// Torrents of the fixture that are not fillers.
pub const NAMED: usize = 13;
/// Filler movies, for paging.
pub const FILLERS: usize = 25;

pub fn hash(n: u32) -> InfoHash {
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    bytes[19] = 0x5a;
    InfoHash::from_bytes(&bytes).unwrap()
}

pub fn episodes(text: &str) -> Option<Episodes> {
    Some(text.parse().unwrap())
}

pub struct Fixture {
    pub n: u32,
    pub name: String,
    pub published: OffsetDateTime,
    pub seeders: Option<i32>,
    pub leechers: Option<i32>,
    pub files: usize,
    pub hints: TorrentHints,
}

impl Fixture {
    pub fn new(n: u32, name: &str, published: OffsetDateTime, content_type: ContentType) -> Self {
        Self {
            n,
            name: name.to_owned(),
            published,
            seeders: Some(10 + n as i32),
            leechers: Some(n as i32),
            files: 1,
            hints: TorrentHints {
                content_type: Some(content_type),
                ..TorrentHints::default()
            },
        }
    }

    pub fn torrent(self) -> NewTorrent {
        NewTorrent {
            info_hash: hash(self.n),
            name: self.name,
            size: 1_000_000 * i64::from(self.n),
            private: false,
            files: Some(
                (0..self.files)
                    .map(|i| NewFile {
                        path: format!("dir/file{i}.bin"),
                        size: 1_000_000 * i64::from(self.n) / self.files as i64,
                    })
                    .collect(),
            ),
            source: SourceObservation {
                key: "test".into(),
                seeders: self.seeders,
                leechers: self.leechers,
                published_at: Some(self.published),
            },
            hints: Some(self.hints),
        }
    }
}

/// Hash numbers of the named fixture torrents.
pub mod t {
    pub const MATRIX: u32 = 1;
    pub const RESURRECTIONS: u32 = 2;
    pub const AVATAR: u32 = 3;
    pub const BB_EPISODE: u32 = 4;
    pub const BB_SEASON: u32 = 5;
    pub const DAILY: u32 = 6;
    pub const FRIEREN: u32 = 7;
    pub const AUDIOBOOK: u32 = 8;
    pub const EBOOK: u32 = 9;
    pub const UNKNOWN: u32 = 10;
    pub const GAME: u32 = 11;
    pub const OFFICE: u32 = 12;
    pub const SHIELD: u32 = 13;
}

/// The `\u{1}` in the unknown torrent's name cannot be written in XML at all.
pub const UNKNOWN_NAME: &str = "random <files> & \"stuff\" 'here'\u{1}";

pub fn fixtures() -> Vec<NewTorrent> {
    use ContentType::*;
    let mut all = Vec::new();

    let mut f = Fixture::new(
        t::MATRIX,
        "The.Matrix.1999.1080p.BluRay.x264-GROUP",
        datetime!(2024-01-20 10:00 UTC),
        Movie,
    );
    f.seeders = Some(50);
    f.leechers = Some(5);
    f.files = 2;
    f.hints.title = Some("The Matrix".into());
    f.hints.release_year = Some(1999);
    f.hints.video_resolution = Some("V1080p".into());
    f.hints.video_source = Some("BluRay".into());
    f.hints.video_codec = Some("x264".into());
    f.hints.release_group = Some("GROUP".into());
    // The content row (inserted by `node`) adds the IMDb id.
    f.hints.content_source = Some("tmdb".into());
    f.hints.content_id = Some("603".into());
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::RESURRECTIONS,
        "The.Matrix.Resurrections.2021.2160p.WEB-DL.x265-OTHER",
        datetime!(2024-01-19 10:00 UTC),
        Movie,
    );
    f.hints.release_year = Some(2021);
    f.hints.video_resolution = Some("V2160p".into());
    f.hints.video_source = Some("WEBDL".into());
    f.hints.video_codec = Some("x265".into());
    f.hints.content_source = Some("imdb".into());
    f.hints.content_id = Some("tt10838180".into());
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::AVATAR,
        "Avatar.2009.480p.3D.DVDRip.XviD",
        datetime!(2024-01-18 10:00 UTC),
        Movie,
    );
    f.hints.video_resolution = Some("V480p".into());
    f.hints.video_3d = Some("V3D".into());
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::BB_EPISODE,
        "Breaking.Bad.S01E02.720p.HDTV.x264-CTU",
        datetime!(2024-01-17 10:00 UTC),
        TvShow,
    );
    f.hints.episodes = episodes("S01E02");
    f.hints.video_resolution = Some("V720p".into());
    f.hints.content_source = Some("tvdb".into());
    f.hints.content_id = Some("81189".into());
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::BB_SEASON,
        "Breaking.Bad.S02.1080p.BluRay.x264-ROVERS",
        datetime!(2024-01-16 10:00 UTC),
        TvShow,
    );
    f.hints.episodes = episodes("S02");
    f.hints.video_resolution = Some("V1080p".into());
    f.hints.content_source = Some("tvdb".into());
    f.hints.content_id = Some("81189".into());
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::DAILY,
        "The.Daily.Show.2024.02.14.Some.Guest.720p.WEB.h264-EDITH",
        datetime!(2024-01-15 10:00 UTC),
        TvShow,
    );
    f.hints.video_resolution = Some("V720p".into());
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::FRIEREN,
        "[SubsPlease] Sousou no Frieren - 05 (1080p) [ABCD1234].mkv",
        datetime!(2024-01-14 10:00 UTC),
        TvShow,
    );
    f.hints.video_resolution = Some("V1080p".into());
    all.push(f.torrent());

    all.push(
        Fixture::new(
            t::AUDIOBOOK,
            "Dune - Frank Herbert - Audiobook MP3",
            datetime!(2024-01-13 10:00 UTC),
            Audiobook,
        )
        .torrent(),
    );
    all.push(
        Fixture::new(
            t::EBOOK,
            "Dune (Frank Herbert) EPUB",
            datetime!(2024-01-12 10:00 UTC),
            Ebook,
        )
        .torrent(),
    );

    let mut f = Fixture::new(
        t::UNKNOWN,
        UNKNOWN_NAME,
        datetime!(2024-01-11 10:00 UTC),
        Unknown,
    );
    f.seeders = None;
    f.leechers = None;
    all.push(f.torrent());

    all.push(
        Fixture::new(
            t::GAME,
            "Some.Game.v1.0-CODEX",
            datetime!(2024-01-10 10:00 UTC),
            Game,
        )
        .torrent(),
    );

    let mut f = Fixture::new(
        t::OFFICE,
        "The.Office.US.S01E02.720p.WEB-DL.x264",
        datetime!(2024-01-09 10:00 UTC),
        TvShow,
    );
    f.hints.episodes = episodes("S01E02");
    all.push(f.torrent());

    let mut f = Fixture::new(
        t::SHIELD,
        "Marvels.Agents.of.S.H.I.E.L.D.S01E01.1080p.WEB-DL",
        datetime!(2024-01-08 10:00 UTC),
        TvShow,
    );
    f.hints.episodes = episodes("S01E01");
    all.push(f.torrent());

    assert_eq!(all.len(), NAMED);
    for i in 0..FILLERS as u32 {
        let n = 100 + i;
        // Fillers are older than the named torrents, one hour apart.
        let published = datetime!(2023-12-01 00:00 UTC) + time::Duration::hours(i64::from(i));
        let mut f = Fixture::new(
            n,
            &format!("Filler.Film.{i}.2020.720p.WEB"),
            published,
            Movie,
        );
        f.hints.video_resolution = Some("V720p".into());
        all.push(f.torrent());
    }
    all
}

/// A node's router over a test database and an index in a temporary directory.
pub struct Node {
    router: Router,
    pub store: Store,
    cancel: CancellationToken,
    indexer: tokio::task::JoinHandle<lodestone_search::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Node {
    pub async fn stop(self) {
        self.cancel.cancel();
        let _ = self.indexer.await;
    }

    pub async fn get(&self, uri: &str) -> Response {
        self.get_with(uri, &[]).await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = Request::get(uri).header(header::HOST, "node.test:3000");
        for &(name, value) in headers {
            request = request.header(name, value);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// A search that must succeed, as a parsed feed.
    pub async fn feed(&self, uri: &str) -> Feed {
        let response = self.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}: {}", response.body);
        assert!(
            response.content_type().starts_with("application/rss+xml"),
            "{uri}: {}",
            response.content_type()
        );
        Feed::parse(&response.body)
    }
}

/// A node serving [`fixtures`], with The Matrix's content row and Frieren tagged
/// `anime`.
pub async fn node(pool: PgPool, config: TorznabConfig) -> anyhow::Result<Node> {
    let store = Store::from_pool(pool.clone());
    sqlx::query(
        "INSERT INTO content (type, source, id, title, release_year, external_ids) \
         VALUES ('movie', 'tmdb', '603', 'The Matrix', 1999, '{\"imdb\": \"tt0133093\"}')",
    )
    .execute(&pool)
    .await?;
    store.torrents().write_batch(&fixtures()).await?;
    store
        .tags()
        .put(&[hash(t::FRIEREN)], &["anime".to_owned()])
        .await?;
    start(store, config).await
}

/// A node serving what `store` holds, its index built before this returns.
pub async fn start(store: Store, config: TorznabConfig) -> anyhow::Result<Node> {
    let dir = tempfile::tempdir()?;
    let mut options = SearchOptions::new(dir.path().join("index"));
    options.writer_threads = 1;
    options.writer_memory_bytes = 20 << 20;
    options.search_threads = 1;
    let (search, indexer) = Search::open(store.clone(), options).await?;
    let cancel = CancellationToken::new();
    let indexer = tokio::spawn(indexer.run(cancel.clone()));
    search.refresh().await?;

    let state = AppState {
        store: store.clone(),
        search,
        torznab: Arc::new(config),
        metrics: Arc::new(Metrics::new()),
        import: lodestone_import::ImportOptions::default(),
        embedded_database: false,
        started: Instant::now(),
        import_slots: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_IMPORTS)),
    };
    Ok(Node {
        router: lodestone_api::router(state),
        store,
        cancel,
        indexer,
        _dir: dir,
    })
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Response {
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The Newznab error document's code and description.
    pub fn error(&self) -> (u16, String) {
        assert!(
            self.content_type().starts_with("application/xml"),
            "{}",
            self.content_type()
        );
        assert!(
            self.body
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{}",
            self.body
        );
        let doc = roxmltree::Document::parse(&self.body).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "error", "{}", self.body);
        (
            root.attribute("code").unwrap().parse().unwrap(),
            root.attribute("description").unwrap().to_owned(),
        )
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub title: String,
    pub guid: String,
    pub link: String,
    pub comments: String,
    pub pub_date: OffsetDateTime,
    pub size: String,
    pub enclosure: (String, String, String),
    pub categories: Vec<String>,
    pub attrs: Vec<(String, String)>,
}

impl Item {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn attr_all(&self, name: &str) -> Vec<&str> {
        self.attrs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[derive(Debug)]
pub struct Feed {
    pub offset: u64,
    pub total: u64,
    pub self_link: String,
    pub items: Vec<Item>,
}

impl Feed {
    pub fn parse(xml: &str) -> Feed {
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{xml}"
        );
        let doc = roxmltree::Document::parse(xml).unwrap();
        let rss = doc.root_element();
        assert_eq!(rss.tag_name().name(), "rss");
        assert_eq!(rss.attribute("version"), Some("2.0"));
        assert_eq!(rss.lookup_namespace_uri(Some("atom")), Some(ATOM_NS));
        assert_eq!(rss.lookup_namespace_uri(Some("torznab")), Some(TORZNAB_NS));
        assert_eq!(rss.lookup_namespace_uri(Some("newznab")), Some(NEWZNAB_NS));
        let channel = rss.first_element_child().unwrap();
        assert_eq!(channel.tag_name().name(), "channel");
        let child = |name: (&str, &str)| channel.children().find(|n| n.has_tag_name(name));
        let plain = |name: &str| {
            channel
                .children()
                .find(|n| n.tag_name().namespace().is_none() && n.tag_name().name() == name)
        };
        assert!(plain("title").and_then(|n| n.text()).is_some());
        assert!(plain("description").and_then(|n| n.text()).is_some());
        assert_eq!(
            plain("link").and_then(|n| n.text()),
            Some("http://node.test:3000/")
        );
        let atom = child((ATOM_NS, "link")).expect("atom:link");
        assert_eq!(atom.attribute("rel"), Some("self"));
        let response = child((NEWZNAB_NS, "response")).expect("newznab:response");
        let items = channel
            .children()
            .filter(|n| n.has_tag_name("item"))
            .map(|item| {
                let text = |name: &str| {
                    item.children()
                        .find(|n| n.has_tag_name(name))
                        .and_then(|n| n.text())
                        .unwrap_or_else(|| panic!("<{name}> in {xml}"))
                        .to_owned()
                };
                let enclosure = item
                    .children()
                    .find(|n| n.has_tag_name("enclosure"))
                    .unwrap();
                let attrs: Vec<(String, String)> = item
                    .children()
                    .filter(|n| n.has_tag_name((TORZNAB_NS, "attr")))
                    .map(|n| {
                        let value = n.attribute("value").unwrap().to_owned();
                        assert!(!value.is_empty(), "empty attr in {xml}");
                        (n.attribute("name").unwrap().to_owned(), value)
                    })
                    .collect();
                Item {
                    title: text("title"),
                    guid: text("guid"),
                    link: text("link"),
                    comments: text("comments"),
                    pub_date: OffsetDateTime::parse(&text("pubDate"), &Rfc2822).unwrap(),
                    size: text("size"),
                    enclosure: (
                        enclosure.attribute("url").unwrap().to_owned(),
                        enclosure.attribute("length").unwrap().to_owned(),
                        enclosure.attribute("type").unwrap().to_owned(),
                    ),
                    categories: item
                        .children()
                        .filter(|n| n.has_tag_name("category"))
                        .map(|n| n.text().unwrap().to_owned())
                        .collect(),
                    attrs,
                }
            })
            .collect();
        Feed {
            offset: response.attribute("offset").unwrap().parse().unwrap(),
            total: response.attribute("total").unwrap().parse().unwrap(),
            self_link: atom.attribute("href").unwrap().to_owned(),
            items,
        }
    }

    pub fn hashes(&self) -> Vec<String> {
        self.items.iter().map(|i| i.guid.clone()).collect()
    }

    pub fn only(&self, ns: &[u32]) -> bool {
        let got: BTreeSet<String> = self.hashes().into_iter().collect();
        let want: BTreeSet<String> = ns.iter().map(|&n| hash(n).to_hex()).collect();
        got == want
    }

    pub fn item(&self, n: u32) -> &Item {
        let hex = hash(n).to_hex();
        self.items
            .iter()
            .find(|i| i.guid == hex)
            .unwrap_or_else(|| panic!("torrent {n} in {:?}", self.hashes()))
    }

    pub fn assert_newest_first(&self) {
        for pair in self.items.windows(2) {
            assert!(
                pair[0].pub_date >= pair[1].pub_date,
                "{} ({}) before {} ({})",
                pair[0].title,
                pair[0].pub_date,
                pair[1].title,
                pair[1].pub_date
            );
        }
    }
}

pub fn profiles() -> TorznabConfig {
    let mut profiles = BTreeMap::new();
    profiles.insert(
        "movies".to_owned(),
        TorznabProfile {
            content_types: vec!["movie".into()],
            default_limit: Some(2),
            max_limit: Some(3),
            ..TorznabProfile::default()
        },
    );
    profiles.insert(
        "anime".to_owned(),
        TorznabProfile {
            tags: vec!["anime".into()],
            ..TorznabProfile::default()
        },
    );
    profiles.insert(
        "newest".to_owned(),
        TorznabProfile {
            order_by_relevance: false,
            ..TorznabProfile::default()
        },
    );
    let config = TorznabConfig {
        api_key: None,
        profiles,
    };
    config.validate().unwrap();
    config
}
