//! What the GraphQL tests share: a node over a fresh database and index, the corpus
//! it serves, and readers of responses.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result, ensure};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lodestone_api::AppState;
use lodestone_proto::{ContentType, Episodes, InfoHash};
use lodestone_search::{Search, SearchOptions};
use lodestone_store::Store;
use lodestone_store::torrents::{NewFile, NewTorrent, SourceObservation, TorrentHints};
use serde_json::{Value, json};
use sqlx::PgPool;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// A node's API over a fresh database and index.
pub struct Node {
    pub router: Router,
    pub store: Store,
    pub search: Search,
    pub cancel: CancellationToken,
    _dir: tempfile::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

impl Node {
    pub async fn start(pool: PgPool) -> Result<Self> {
        let store = Store::from_pool(pool);
        let dir = tempfile::tempdir()?;
        let mut options = SearchOptions::new(dir.path().join("index"));
        options.writer_threads = 1;
        options.writer_memory_bytes = 20 << 20;
        options.search_threads = 1;
        let (search, indexer) = Search::open(store.clone(), options).await?;
        let cancel = CancellationToken::new();
        tokio::spawn(indexer.run(cancel.clone()));
        let state = AppState {
            store: store.clone(),
            search: search.clone(),
            torznab: Arc::default(),
            metrics: Arc::new(lodestone_api::Metrics::new()),
            import: lodestone_import::ImportOptions::default(),
            embedded_database: false,
            started: Instant::now(),
            import_slots: Arc::new(tokio::sync::Semaphore::new(1)),
        };
        Ok(Self {
            router: lodestone_api::router(state),
            store,
            search,
            cancel,
            _dir: dir,
        })
    }

    /// A node holding [`corpus`].
    pub async fn with_corpus(pool: PgPool) -> Result<Self> {
        let node = Self::start(pool).await?;
        for torrent in corpus() {
            node.store.torrents().write_batch(&[torrent]).await?;
        }
        // A second source for the first torrent: more seeders, fewer leechers.
        let mut again = torrent(1, "The.Matrix.1999.1080p.BluRay.x264-GRP", 8_000_000_000);
        again.source = SourceObservation {
            key: "rarbg".into(),
            seeders: Some(120),
            leechers: Some(6),
            published_at: Some(datetime!(2021-04-01 00:00 UTC)),
        };
        node.store.torrents().write_batch(&[again]).await?;
        node.search.refresh().await?;
        Ok(node)
    }

    pub async fn post(&self, body: impl Into<Body>) -> Result<(StatusCode, Value)> {
        let request = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())?;
        let response = self.router.clone().oneshot(request).await?;
        let status = response.status();
        let bytes = response.into_body().collect().await?.to_bytes();
        let json = serde_json::from_slice(&bytes)
            .with_context(|| format!("not JSON: {}", String::from_utf8_lossy(&bytes)))?;
        Ok((status, json))
    }

    /// The whole response body of a query.
    pub async fn gql(&self, query: &str, variables: Value) -> Result<Value> {
        let body = json!({ "query": query, "variables": variables });
        let (status, json) = self.post(serde_json::to_vec(&body)?).await?;
        ensure!(status == StatusCode::OK, "status {status}: {json:#}");
        Ok(json)
    }

    /// `data` of a query that must succeed.
    pub async fn data(&self, query: &str, variables: Value) -> Result<Value> {
        let json = self.gql(query, variables).await?;
        ensure!(json.get("errors").is_none(), "errors: {json:#}");
        Ok(json["data"].clone())
    }

    /// The first error of a query that must fail.
    pub async fn error(&self, query: &str, variables: Value) -> Result<Value> {
        let json = self.gql(query, variables).await?;
        let errors = json["errors"].as_array().context("no errors")?;
        for e in errors {
            ensure!(
                e["extensions"]["code"].is_string(),
                "error without code: {e:#}"
            );
        }
        Ok(errors[0].clone())
    }

    /// `search` with `input`, selecting `items { cursor score torrent { <fields> } }`.
    pub async fn search(&self, input: Value, fields: &str) -> Result<Value> {
        let query = format!(
            "query($input: SearchInput!) {{ search(input: $input) {{ totalCount hasNextPage \
             nextCursor order {{ field descending }} items {{ cursor score torrent {{ {fields} }} }} \
             aggregations {{ facet values {{ value count }} }} }} }}"
        );
        Ok(self.data(&query, json!({ "input": input })).await?["search"].clone())
    }

    /// Info hashes of a search's items, in order.
    pub async fn hashes(&self, input: Value) -> Result<Vec<String>> {
        let result = self.search(input, "infoHash").await?;
        Ok(hashes_of(&result))
    }
}

pub fn hashes_of(result: &Value) -> Vec<String> {
    result["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    i["torrent"]["infoHash"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn code(error: &Value) -> &str {
    error["extensions"]["code"].as_str().unwrap_or_default()
}

pub fn message(error: &Value) -> &str {
    error["message"].as_str().unwrap_or_default()
}

pub fn items_of(result: &Value) -> Result<&Vec<Value>> {
    result["items"].as_array().context("no items")
}

pub fn hash(n: u8) -> InfoHash {
    InfoHash::new([n; 20])
}

pub fn hex(n: u8) -> String {
    hash(n).to_hex()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

pub fn torrent(n: u8, name: &str, size: i64) -> NewTorrent {
    NewTorrent {
        info_hash: hash(n),
        name: name.into(),
        size,
        private: false,
        files: None,
        source: SourceObservation {
            key: "import".into(),
            seeders: None,
            leechers: None,
            published_at: None,
        },
        hints: None,
    }
}

pub fn files(n: usize, dir: &str, ext: &str) -> Option<Vec<NewFile>> {
    Some(
        (0..n)
            .map(|i| NewFile {
                path: format!("{dir}/file{i:03}.{ext}"),
                size: 1000 + i as i64,
            })
            .collect(),
    )
}

pub fn observed(
    mut t: NewTorrent,
    seeders: i32,
    leechers: i32,
    published: OffsetDateTime,
) -> NewTorrent {
    t.source.seeders = Some(seeders);
    t.source.leechers = Some(leechers);
    t.source.published_at = Some(published);
    t
}

/// Eight torrents whose sizes, seeders, leechers, file counts, names and publication
/// times all differ, so every order is checked without ties (but for the missing
/// values of torrent 5).
pub fn corpus() -> Vec<NewTorrent> {
    let movie = |year, resolution: &str, languages: &[&str]| TorrentHints {
        content_type: Some(ContentType::Movie),
        release_year: Some(year),
        video_resolution: Some(resolution.into()),
        languages: languages.iter().map(|l| l.to_string()).collect(),
        ..TorrentHints::default()
    };
    let show = |episodes: &str, resolution: &str| TorrentHints {
        content_type: Some(ContentType::TvShow),
        title: Some("Breaking Bad".into()),
        episodes: Some(episodes.parse::<Episodes>().expect("episodes")),
        video_resolution: Some(resolution.into()),
        languages: vec!["en".into()],
        ..TorrentHints::default()
    };
    let typed = |content_type| TorrentHints {
        content_type: Some(content_type),
        ..TorrentHints::default()
    };

    let mut t1 = observed(
        torrent(1, "The.Matrix.1999.1080p.BluRay.x264-GRP", 8_000_000_000),
        100,
        7,
        datetime!(2021-03-01 00:00 UTC),
    );
    t1.files = files(250, "The.Matrix.1999", "mkv");
    t1.hints = Some(TorrentHints {
        title: Some("The Matrix".into()),
        content_source: Some("imdb".into()),
        content_id: Some("tt0133093".into()),
        video_source: Some("BluRay".into()),
        video_codec: Some("x264".into()),
        release_group: Some("GRP".into()),
        ..movie(1999, "1080p", &["en"])
    });
    let mut t2 = observed(
        torrent(2, "The.Matrix.Reloaded.2003.720p.WEB.x264", 4_500_000_000),
        50,
        9,
        datetime!(2021-06-01 00:00 UTC),
    );
    t2.files = files(2, "Reloaded", "mkv");
    t2.hints = Some(movie(2003, "720p", &["en", "fr"]));
    let mut t3 = observed(
        torrent(3, "Breaking.Bad.S01.1080p.WEB.x265", 30_000_000_000),
        200,
        3,
        datetime!(2020-01-01 00:00 UTC),
    );
    t3.files = files(7, "Breaking.Bad.S01", "mkv");
    t3.hints = Some(show("S01", "1080p"));
    let mut t4 = observed(
        torrent(4, "Breaking.Bad.S02E03.720p.HDTV", 700_000_000),
        20,
        1,
        datetime!(2019-05-05 00:00 UTC),
    );
    t4.files = files(1, "Breaking.Bad.S02E03", "mkv");
    t4.hints = Some(show("S02E03", "720p"));
    // Nothing known but the name and size: seeders, leechers, files and the
    // publication time are missing.
    let mut t5 = torrent(5, "Ubuntu 24.04 Desktop amd64", 6_000_000_000);
    t5.hints = Some(typed(ContentType::Software));
    let mut t6 = observed(
        torrent(6, "Some Album FLAC", 400_000_000),
        3,
        2,
        datetime!(2022-02-02 00:00 UTC),
    );
    t6.files = files(12, "Album", "flac");
    t6.hints = Some(TorrentHints {
        release_year: Some(2010),
        ..typed(ContentType::Music)
    });
    let mut t7 = observed(
        torrent(7, "Ebook Collection", 90_000_000),
        8,
        4,
        datetime!(2018-08-08 00:00 UTC),
    );
    t7.files = files(40, "Books", "epub");
    t7.hints = Some(typed(ContentType::Ebook));
    let mut t8 = observed(
        torrent(8, "Matrix Documentary", 1_200_000_000),
        15,
        11,
        datetime!(2023-01-01 00:00 UTC),
    );
    t8.files = files(3, "Doc", "mp4");
    vec![t1, t2, t3, t4, t5, t6, t7, t8]
}
