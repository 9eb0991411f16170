//! Torznab through the whole router, against the real PostgreSQL (one database per
//! test) and a real search index: every `t=` function, the items field by field,
//! categories both ways, ids, seasons and episodes, paging, profiles, the API key and
//! the error documents. Requests are the ones Sonarr, Radarr and Prowlarr send.

use std::collections::{BTreeMap, BTreeSet, HashSet};
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

const TORZNAB_NS: &str = "http://torznab.com/schemas/2015/feed";
const NEWZNAB_NS: &str = "http://www.newznab.com/DTD/2010/feeds/attributes/";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// Categories Sonarr and Radarr send by default.
const SONARR_CATS: &str = "5000,5030,5040,5045,5070";
const RADARR_CATS: &str = "2000,2010,2030,2040,2045,2050,2060";

/// Torrents of the fixture that are not fillers.
const NAMED: usize = 13;
/// Filler movies, for paging.
const FILLERS: usize = 25;

fn hash(n: u32) -> InfoHash {
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    bytes[19] = 0x5a;
    InfoHash::from_bytes(&bytes).unwrap()
}

fn episodes(text: &str) -> Option<Episodes> {
    Some(text.parse().unwrap())
}

struct Fixture {
    n: u32,
    name: String,
    published: OffsetDateTime,
    seeders: Option<i32>,
    leechers: Option<i32>,
    files: usize,
    hints: TorrentHints,
}

impl Fixture {
    fn new(n: u32, name: &str, published: OffsetDateTime, content_type: ContentType) -> Self {
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

    fn torrent(self) -> NewTorrent {
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
mod t {
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
const UNKNOWN_NAME: &str = "random <files> & \"stuff\" 'here'\u{1}";

fn fixtures() -> Vec<NewTorrent> {
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

struct Node {
    router: Router,
    store: Store,
    cancel: CancellationToken,
    indexer: tokio::task::JoinHandle<lodestone_search::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Node {
    async fn stop(self) {
        self.cancel.cancel();
        let _ = self.indexer.await;
    }

    async fn get(&self, uri: &str) -> Response {
        self.get_with(uri, &[]).await
    }

    async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Response {
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
    async fn feed(&self, uri: &str) -> Feed {
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

async fn node(pool: PgPool, config: TorznabConfig) -> anyhow::Result<Node> {
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

struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Response {
    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The Newznab error document's code and description.
    fn error(&self) -> (u16, String) {
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
struct Item {
    title: String,
    guid: String,
    link: String,
    comments: String,
    pub_date: OffsetDateTime,
    size: String,
    enclosure: (String, String, String),
    categories: Vec<String>,
    attrs: Vec<(String, String)>,
}

impl Item {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn attr_all(&self, name: &str) -> Vec<&str> {
        self.attrs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[derive(Debug)]
struct Feed {
    offset: u64,
    total: u64,
    self_link: String,
    items: Vec<Item>,
}

impl Feed {
    fn parse(xml: &str) -> Feed {
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

    fn hashes(&self) -> Vec<String> {
        self.items.iter().map(|i| i.guid.clone()).collect()
    }

    fn has(&self, n: u32) -> bool {
        self.items.iter().any(|i| i.guid == hash(n).to_hex())
    }

    fn only(&self, ns: &[u32]) -> bool {
        let got: BTreeSet<String> = self.hashes().into_iter().collect();
        let want: BTreeSet<String> = ns.iter().map(|&n| hash(n).to_hex()).collect();
        got == want
    }

    fn item(&self, n: u32) -> &Item {
        let hex = hash(n).to_hex();
        self.items
            .iter()
            .find(|i| i.guid == hex)
            .unwrap_or_else(|| panic!("torrent {n} in {:?}", self.hashes()))
    }

    fn assert_newest_first(&self) {
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

fn profiles() -> TorznabConfig {
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

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn caps_list_functions_limits_and_categories(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, profiles()).await?;
    for uri in [
        "/torznab/api?t=caps",
        "/torznab/api/?t=caps",
        "/torznab/api?T=CAPS&extended=1",
    ] {
        let response = node.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}");
        assert!(response.content_type().starts_with("application/xml"));
        let doc = roxmltree::Document::parse(&response.body)?;
        let caps = doc.root_element();
        assert_eq!(caps.tag_name().name(), "caps");
        let el = |name: &str| caps.descendants().find(|n| n.has_tag_name(name)).unwrap();
        assert_eq!(el("server").attribute("title"), Some("Lodestone"));
        assert_eq!(
            (
                el("limits").attribute("max"),
                el("limits").attribute("default")
            ),
            (Some("100"), Some("100"))
        );
        for (name, params) in [
            ("search", "q"),
            ("tv-search", "q,season,ep,imdbid,tvdbid,tmdbid"),
            ("movie-search", "q,imdbid,tmdbid"),
            ("music-search", "q"),
            ("audio-search", "q"),
            ("book-search", "q"),
        ] {
            assert_eq!(el(name).attribute("available"), Some("yes"), "{name}");
            assert_eq!(
                el(name).attribute("supportedParams"),
                Some(params),
                "{name}"
            );
        }
        let categories: Vec<(String, Vec<String>)> = el("categories")
            .children()
            .filter(|n| n.is_element())
            .map(|c| {
                (
                    format!(
                        "{} {}",
                        c.attribute("id").unwrap(),
                        c.attribute("name").unwrap()
                    ),
                    c.children()
                        .filter(|n| n.is_element())
                        .map(|s| {
                            format!(
                                "{} {}",
                                s.attribute("id").unwrap(),
                                s.attribute("name").unwrap()
                            )
                        })
                        .collect(),
                )
            })
            .collect();
        let want: Vec<(String, Vec<String>)> = [
            (
                "2000 Movies",
                &[
                    "2030 Movies/SD",
                    "2040 Movies/HD",
                    "2045 Movies/UHD",
                    "2050 Movies/BluRay",
                    "2060 Movies/3D",
                ][..],
            ),
            ("3000 Audio", &["3030 Audio/Audiobook"]),
            ("4000 PC", &["4050 PC/Games"]),
            (
                "5000 TV",
                &["5030 TV/SD", "5040 TV/HD", "5045 TV/UHD", "5070 TV/Anime"],
            ),
            ("6000 XXX", &[]),
            ("7000 Books", &["7020 Books/EBook", "7030 Books/Comics"]),
            ("8000 Other", &[]),
        ]
        .iter()
        .map(|(c, subs)| (c.to_string(), subs.iter().map(|s| s.to_string()).collect()))
        .collect();
        assert_eq!(categories, want);
    }

    // A profile restricted to movies advertises only what it serves.
    let response = node.get("/torznab/movies/api?t=caps").await;
    assert_eq!(response.status, StatusCode::OK);
    let doc = roxmltree::Document::parse(&response.body)?;
    let el = |name: &str| doc.descendants().find(|n| n.has_tag_name(name)).unwrap();
    assert_eq!(
        (
            el("limits").attribute("max"),
            el("limits").attribute("default")
        ),
        (Some("3"), Some("2"))
    );
    assert_eq!(el("movie-search").attribute("available"), Some("yes"));
    assert_eq!(el("tv-search").attribute("available"), Some("no"));
    assert_eq!(el("book-search").attribute("available"), Some("no"));
    let ids: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("category") || n.has_tag_name("subcat"))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    assert_eq!(ids, ["2000", "2030", "2040", "2045", "2050", "2060"]);
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn arr_test_requests_get_the_newest_items(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;

    // Sonarr's test and RSS sync: its TV categories, no words.
    let sonarr = node
        .feed(&format!(
            "/torznab/api?t=tvsearch&cat={SONARR_CATS}&extended=1&apikey=&offset=0&limit=100"
        ))
        .await;
    assert!(sonarr.only(&[
        t::BB_EPISODE,
        t::BB_SEASON,
        t::DAILY,
        t::FRIEREN,
        t::OFFICE,
        t::SHIELD
    ]));
    assert_eq!(sonarr.total, 6);
    assert_eq!(sonarr.offset, 0);
    sonarr.assert_newest_first();
    assert_eq!(sonarr.items[0].guid, hash(t::BB_EPISODE).to_hex());
    for item in &sonarr.items {
        assert!(item.attr_all("category").contains(&"5000"), "{item:?}");
    }

    // Radarr's: its movie categories.
    let radarr = node
        .feed(&format!(
            "/torznab/api?t=movie&cat={RADARR_CATS}&extended=1&offset=0&limit=100"
        ))
        .await;
    assert_eq!(radarr.total, 3 + FILLERS as u64);
    assert_eq!(radarr.items.len(), 3 + FILLERS);
    radarr.assert_newest_first();
    assert_eq!(radarr.items[0].guid, hash(t::MATRIX).to_hex());
    assert!(
        radarr
            .items
            .iter()
            .all(|i| i.attr_all("category").contains(&"2000"))
    );

    // Prowlarr's: t=search, no categories, everything.
    let prowlarr = node.feed("/torznab/api?t=search&extended=1").await;
    assert_eq!(prowlarr.total, (NAMED + FILLERS) as u64);
    assert_eq!(prowlarr.items.len(), NAMED + FILLERS);
    prowlarr.assert_newest_first();
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn items_carry_every_attribute(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let feed = node
        .feed("/torznab/api?t=search&q=matrix&apikey=ignored")
        .await;
    assert!(
        feed.only(&[t::MATRIX, t::RESURRECTIONS]),
        "{:?}",
        feed.hashes()
    );
    assert_eq!(
        feed.self_link,
        "http://node.test:3000/torznab/api?t=search&q=matrix"
    );

    let matrix = feed.item(t::MATRIX);
    let hex = hash(t::MATRIX).to_hex();
    let magnet = format!("magnet:?xt=urn:btih:{hex}&dn=The.Matrix.1999.1080p.BluRay.x264-GROUP");
    assert_eq!(matrix.title, "The.Matrix.1999.1080p.BluRay.x264-GROUP");
    assert_eq!(matrix.guid, hex);
    assert_eq!(matrix.link, magnet);
    assert_eq!(
        matrix.comments,
        format!("http://node.test:3000/torrents/{hex}")
    );
    assert_eq!(matrix.pub_date, datetime!(2024-01-20 10:00 UTC));
    assert_eq!(matrix.size, "1000000");
    assert_eq!(
        matrix.enclosure,
        (
            magnet.clone(),
            "1000000".to_owned(),
            "application/x-bittorrent".to_owned()
        )
    );
    assert_eq!(matrix.categories, ["2000", "2040", "2050"]);
    let attrs: Vec<(&str, &str)> = matrix
        .attrs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        attrs,
        [
            ("category", "2000"),
            ("category", "2040"),
            ("category", "2050"),
            ("size", "1000000"),
            ("files", "2"),
            ("seeders", "50"),
            ("leechers", "5"),
            ("peers", "55"),
            ("infohash", hex.as_str()),
            ("magneturl", magnet.as_str()),
            ("year", "1999"),
            ("imdb", "0133093"),
            ("imdbid", "tt0133093"),
            ("tmdbid", "603"),
            ("tmdb", "603"),
            ("resolution", "1080p"),
            ("video", "x264"),
            ("team", "GROUP"),
            ("downloadvolumefactor", "0"),
            ("uploadvolumefactor", "1"),
        ]
    );

    let resurrections = feed.item(t::RESURRECTIONS);
    assert_eq!(resurrections.attr_all("category"), ["2000", "2045"]);
    assert_eq!(resurrections.attr("imdb"), Some("10838180"));
    assert_eq!(resurrections.attr("imdbid"), Some("tt10838180"));
    assert_eq!(resurrections.attr("resolution"), Some("2160p"));
    assert_eq!(resurrections.attr("tmdbid"), None);

    // TV: season and episode when the torrent holds exactly one; tvdb id.
    let tv = node
        .feed(&format!("/torznab/api?t=tvsearch&cat={SONARR_CATS}"))
        .await;
    let episode = tv.item(t::BB_EPISODE);
    assert_eq!(episode.attr_all("category"), ["5000", "5040"]);
    assert_eq!(episode.attr("season"), Some("1"));
    assert_eq!(episode.attr("episode"), Some("2"));
    assert_eq!(episode.attr("tvdbid"), Some("81189"));
    let season = tv.item(t::BB_SEASON);
    assert_eq!(season.attr("season"), Some("2"));
    assert_eq!(season.attr("episode"), None);
    assert_eq!(
        tv.item(t::FRIEREN).attr_all("category"),
        ["5000", "5040", "5070"]
    );

    // What is unknown is left out; names are escaped and cleaned for XML.
    let all = node.feed("/torznab/api?t=search&cat=8000").await;
    assert!(all.only(&[t::UNKNOWN]));
    let unknown = all.item(t::UNKNOWN);
    assert_eq!(unknown.title, UNKNOWN_NAME.replace('\u{1}', ""));
    let names: Vec<&str> = unknown.attrs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "category",
            "size",
            "files",
            "infohash",
            "magneturl",
            "downloadvolumefactor",
            "uploadvolumefactor"
        ]
    );
    assert_eq!(unknown.attr("category"), Some("8000"));
    assert!(unknown.enclosure.0.starts_with("magnet:?xt=urn:btih:"));
    assert!(
        unknown
            .enclosure
            .0
            .contains("&dn=random%20%3Cfiles%3E%20%26%20%22stuff%22")
    );

    // Links follow a reverse proxy.
    let proxied = node
        .get_with(
            "/torznab/api?t=search&q=matrix",
            &[
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "idx.example.org"),
            ],
        )
        .await;
    assert!(proxied.body.contains(&format!(
        "<comments>https://idx.example.org/torrents/{hex}</comments>"
    )));
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn offset_pages_have_no_gaps_or_duplicates(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let everything = node.feed("/torznab/api?t=search&limit=100").await;
    assert_eq!(everything.items.len(), NAMED + FILLERS);
    let mut paged = Vec::new();
    let mut seen = HashSet::new();
    for offset in (0..NAMED + FILLERS + 10).step_by(7) {
        let page = node
            .feed(&format!("/torznab/api?t=search&limit=7&offset={offset}"))
            .await;
        assert_eq!(page.offset, offset as u64);
        assert_eq!(page.total, (NAMED + FILLERS) as u64);
        assert!(page.items.len() <= 7);
        for item in page.items {
            assert!(seen.insert(item.guid.clone()), "{} twice", item.title);
            paged.push(item.guid);
        }
    }
    assert_eq!(paged, everything.hashes());
    // With words too (relevance order is total as well).
    let words = node.feed("/torznab/api?t=search&q=film&limit=100").await;
    assert_eq!(words.items.len(), FILLERS);
    let mut paged = Vec::new();
    for offset in (0..FILLERS).step_by(4) {
        let page = node
            .feed(&format!(
                "/torznab/api?t=search&q=film&limit=4&offset={offset}"
            ))
            .await;
        paged.extend(page.hashes());
    }
    assert_eq!(paged, words.hashes());
    // Limits are capped by the profile (default: 100), never refused.
    let capped = node.feed("/torznab/api?t=search&limit=5000").await;
    assert_eq!(capped.items.len(), NAMED + FILLERS);
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn categories_filter_results(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let fillers: Vec<u32> = (0..FILLERS as u32).map(|i| 100 + i).collect();
    let with_fillers = |named: &[u32]| [named, &fillers].concat();
    let cases: Vec<(&str, Vec<u32>)> = vec![
        (
            "2000",
            with_fillers(&[t::MATRIX, t::RESURRECTIONS, t::AVATAR]),
        ),
        ("2030", vec![t::AVATAR]),
        ("2040", with_fillers(&[t::MATRIX])),
        ("2045", vec![t::RESURRECTIONS]),
        ("2040,2045", with_fillers(&[t::MATRIX, t::RESURRECTIONS])),
        ("2050", vec![t::MATRIX]),
        ("3000", vec![t::AUDIOBOOK]),
        ("3030", vec![t::AUDIOBOOK]),
        ("4000", vec![t::GAME]),
        ("4050", vec![t::GAME]),
        (
            "5000",
            vec![
                t::BB_EPISODE,
                t::BB_SEASON,
                t::DAILY,
                t::FRIEREN,
                t::OFFICE,
                t::SHIELD,
            ],
        ),
        ("5030", vec![]),
        (
            "5040",
            vec![t::BB_EPISODE, t::BB_SEASON, t::DAILY, t::FRIEREN],
        ),
        ("5045", vec![]),
        ("5070", vec![t::FRIEREN]),
        ("6000", vec![]),
        ("7000", vec![t::EBOOK]),
        ("7020", vec![t::EBOOK]),
        ("7030", vec![]),
        ("8000", vec![t::UNKNOWN]),
        // Unknown categories are ignored.
        ("2045,1000,100001", vec![t::RESURRECTIONS]),
    ];
    for (cat, want) in cases {
        let feed = node.feed(&format!("/torznab/api?t=search&cat={cat}")).await;
        assert!(
            feed.only(&want),
            "cat={cat}: {:?}",
            feed.items.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
        assert_eq!(feed.total, want.len() as u64, "cat={cat}");
        // Every item is listed under a requested category.
        let requested: Vec<&str> = cat.split(',').collect();
        for item in &feed.items {
            assert!(
                item.attr_all("category")
                    .iter()
                    .any(|c| requested.contains(c)),
                "cat={cat}: {item:?}"
            );
        }
    }
    // A mix one facet filter cannot say errs towards more: UHD movies or e-books gives
    // every movie and the e-books.
    let mixed = node.feed("/torznab/api?t=search&cat=2045,7020").await;
    assert!(mixed.only(&with_fillers(&[
        t::MATRIX,
        t::RESURRECTIONS,
        t::AVATAR,
        t::EBOOK
    ])));
    // 3D cannot be filtered on: all movies, the 3D one listed as such.
    let three_d = node.feed("/torznab/api?t=search&cat=2060").await;
    assert!(three_d.has(t::AVATAR) && three_d.has(t::MATRIX));
    assert!(
        three_d
            .item(t::AVATAR)
            .attr_all("category")
            .contains(&"2060")
    );
    assert!(
        !three_d
            .item(t::MATRIX)
            .attr_all("category")
            .contains(&"2060")
    );
    // Only unknown categories restrict nothing; without `cat` a function searches its own.
    assert_eq!(
        node.feed("/torznab/api?t=search&cat=1000").await.total,
        (NAMED + FILLERS) as u64
    );
    assert!(node.feed("/torznab/api?t=music").await.only(&[]));
    assert!(
        node.feed("/torznab/api?t=book")
            .await
            .only(&[t::AUDIOBOOK, t::EBOOK])
    );
    assert!(
        node.feed("/torznab/api?t=tvsearch&cat=2045")
            .await
            .only(&[t::RESURRECTIONS])
    );
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn ids_seasons_and_episodes(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    // Radarr sends the IMDb digits without `tt`; others send them with it.
    for imdb in ["tt0133093", "0133093", "133093", "TT0133093"] {
        let feed = node
            .feed(&format!(
                "/torznab/api?t=movie&cat={RADARR_CATS}&imdbid={imdb}"
            ))
            .await;
        assert!(
            feed.only(&[t::MATRIX]),
            "imdbid={imdb}: {:?}",
            feed.hashes()
        );
    }
    let feed = node.feed("/torznab/api?t=movie&imdbid=10838180").await;
    assert!(feed.only(&[t::RESURRECTIONS]));
    let feed = node.feed("/torznab/api?t=movie&tmdbid=603").await;
    assert!(feed.only(&[t::MATRIX]));
    // Radarr's aggregate search: either id matches.
    let feed = node
        .feed("/torznab/api?t=movie&tmdbid=603&imdbid=10838180")
        .await;
    assert!(feed.only(&[t::MATRIX, t::RESURRECTIONS]));
    // Ids and words together.
    let feed = node
        .feed("/torznab/api?t=movie&imdbid=0133093&q=The%20Matrix%201999")
        .await;
    assert!(feed.only(&[t::MATRIX]));
    let feed = node.feed("/torznab/api?t=movie&imdbid=0000001").await;
    assert!(feed.only(&[]));

    // Sonarr: an episode, a season, the whole series by TVDB id.
    let base = format!("/torznab/api?t=tvsearch&cat={SONARR_CATS}&extended=1&tvdbid=81189");
    assert!(
        node.feed(&format!("{base}&season=1&ep=2"))
            .await
            .only(&[t::BB_EPISODE])
    );
    assert!(node.feed(&format!("{base}&season=1&ep=3")).await.only(&[]));
    assert!(
        node.feed(&format!("{base}&season=1"))
            .await
            .only(&[t::BB_EPISODE])
    );
    // A season pack holds every episode of its season.
    assert!(
        node.feed(&format!("{base}&season=2&ep=5"))
            .await
            .only(&[t::BB_SEASON])
    );
    assert!(
        node.feed(&format!("{base}&season=2"))
            .await
            .only(&[t::BB_SEASON])
    );
    assert!(node.feed(&base).await.only(&[t::BB_EPISODE, t::BB_SEASON]));
    // Season and episode without ids, by words.
    let feed = node
        .feed("/torznab/api?t=tvsearch&q=The%20Office%20(US)&season=1&ep=2")
        .await;
    assert!(feed.only(&[t::OFFICE]), "{:?}", feed.hashes());
    // A daily show: the date goes into the words.
    let feed = node
        .feed("/torznab/api?t=tvsearch&q=The%20Daily%20Show&season=2024&ep=02/14")
        .await;
    assert!(feed.only(&[t::DAILY]), "{:?}", feed.hashes());
    let feed = node
        .feed("/torznab/api?t=tvsearch&q=The%20Daily%20Show&season=2024&ep=02/15")
        .await;
    assert!(feed.only(&[]));
    // `t=search` honours only `q` (as caps say): ids are ignored there.
    let feed = node
        .feed("/torznab/api?t=search&cat=2000&imdbid=tt0133093")
        .await;
    assert_eq!(feed.total, 3 + FILLERS as u64);
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn free_text_never_fails_to_parse(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let cases: [(&str, &[u32]); 6] = [
        ("The Office (US)", &[t::OFFICE]),
        ("Marvel's Agents of S.H.I.E.L.D.", &[t::SHIELD]),
        // Every word must match: the exclusion is only a word here.
        ("\"The Matrix\" -Resurrections", &[t::RESURRECTIONS]),
        ("Sousou no Frieren - 05", &[t::FRIEREN]),
        ("type:movie year:>2000 matrix*", &[]),
        ("\"unbalanced ( [ -- : * \\", &[]),
    ];
    for (q, want) in cases {
        let uri = format!(
            "/torznab/api?t=search&q={}",
            q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
        );
        let feed = node.feed(&uri).await;
        assert!(
            feed.only(want),
            "q={q:?}: {:?}",
            feed.items.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
    }
    // Words are ranked by relevance; the "newest" profile orders them by date instead.
    let ranked = node.feed("/torznab/api?t=search&q=breaking%20bad").await;
    assert!(ranked.only(&[t::BB_EPISODE, t::BB_SEASON]));
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn profiles_restrict_results(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, profiles()).await?;
    // movies: content types, default and largest page.
    let movies = node.feed("/torznab/movies/api?t=search").await;
    assert_eq!(movies.items.len(), 2);
    assert_eq!(movies.total, 3 + FILLERS as u64);
    assert_eq!(
        movies.hashes(),
        [hash(t::MATRIX).to_hex(), hash(t::RESURRECTIONS).to_hex()]
    );
    let capped = node.feed("/torznab/movies/api/?t=movie&limit=50").await;
    assert_eq!(capped.items.len(), 3);
    let tv_cats = node
        .feed(&format!("/torznab/movies/api?t=search&cat={SONARR_CATS}"))
        .await;
    assert!(tv_cats.only(&[]));
    assert_eq!(tv_cats.total, 0);
    // Categories the profile does not serve do not widen the ones it does.
    let mixed = node
        .feed("/torznab/movies/api?t=search&cat=2045,7000")
        .await;
    assert!(mixed.only(&[t::RESURRECTIONS]));
    let refused = node.get("/torznab/movies/api?t=tvsearch").await;
    assert_eq!(refused.status, StatusCode::OK);
    assert_eq!(refused.error().0, 203);

    // anime: tags.
    let anime = node.feed("/torznab/anime/api?t=search").await;
    assert!(anime.only(&[t::FRIEREN]));
    let anime = node.feed("/torznab/anime/api?t=tvsearch&q=frieren").await;
    assert!(anime.only(&[t::FRIEREN]));

    // newest: words do not change the order.
    let newest = node.feed("/torznab/newest/api?t=search&q=film").await;
    assert_eq!(newest.items.len(), FILLERS);
    newest.assert_newest_first();
    assert_eq!(
        newest.items[0].title,
        format!("Filler.Film.{}.2020.720p.WEB", FILLERS - 1)
    );

    // An unknown profile is a 404 with an error document.
    let missing = node.get("/torznab/nope/api?t=caps").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let (code, description) = missing.error();
    assert_eq!(code, 201);
    assert!(description.contains("nope"), "{description}");
    let missing = node.get("/torznab/nope/api?t=search").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn api_key_is_required_when_configured(pool: PgPool) -> anyhow::Result<()> {
    let config = TorznabConfig {
        api_key: Some("s3cret".into()),
        ..profiles()
    };
    let node = node(pool, config).await?;
    for uri in [
        "/torznab/api?t=caps",
        "/torznab/api?t=search",
        "/torznab/api?t=search&apikey=",
        "/torznab/api?t=search&apikey=S3CRET",
        "/torznab/api?t=search&apikey=s3cret2",
        "/torznab/movies/api?t=caps&apikey=wrong",
        "/torznab/nope/api?t=caps",
        "/torznab/api?apikey=wrong",
    ] {
        let response = node.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}");
        assert_eq!(response.error().0, 100, "{uri}");
    }
    let caps = node.get("/torznab/api?t=caps&apikey=s3cret").await;
    assert_eq!(caps.status, StatusCode::OK);
    assert!(
        roxmltree::Document::parse(&caps.body)?
            .root_element()
            .has_tag_name("caps")
    );
    let feed = node
        .feed("/torznab/movies/api?t=movie&apikey=s3cret&cat=2000")
        .await;
    assert_eq!(feed.items.len(), 2);
    // The key is not echoed into the feed.
    assert_eq!(
        feed.self_link,
        "http://node.test:3000/torznab/movies/api?t=movie&cat=2000"
    );
    let raw = node.get("/torznab/api?t=search&apikey=s3cret").await;
    assert!(!raw.body.contains("s3cret"));
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn errors_are_newznab_documents(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let cases = [
        ("/torznab/api", 200),
        ("/torznab/api?q=matrix", 200),
        ("/torznab/api?t=", 200),
        ("/torznab/api?t=frobnicate", 202),
        ("/torznab/api?t=get&id=x", 203),
        ("/torznab/api?t=details", 203),
        ("/torznab/api?t=search&limit=ten", 201),
        ("/torznab/api?t=search&limit=-1", 201),
        ("/torznab/api?t=search&offset=-5", 201),
        ("/torznab/api?t=search&offset=1.5", 201),
        ("/torznab/api?t=tvsearch&season=one", 201),
        ("/torznab/api?t=tvsearch&tvdbid=abc", 201),
        ("/torznab/api?t=movie&imdbid=nm0000206", 201),
        ("/torznab/api?t=movie&tmdbid=tt603", 201),
    ];
    for (uri, code) in cases {
        let response = node.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}: {}", response.body);
        let (got, description) = response.error();
        assert_eq!(got, code, "{uri}: {description}");
        assert!(!description.is_empty());
        assert_eq!(description, description.to_lowercase(), "{uri}");
    }
    // A failure of the node itself: code 300 with HTTP 500, still a document.
    node.store.pool().close().await;
    let response = node.get("/torznab/api?t=search").await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    let (code, description) = response.error();
    assert_eq!(code, 300);
    assert!(
        description.starts_with("reading torrents failed")
            || description.starts_with("search failed"),
        "{description}"
    );
    node.stop().await;
    Ok(())
}
