//! The GraphQL API end to end: the real PostgreSQL (one database per test, from
//! `DATABASE_URL`), a real index in a temporary directory with its indexer running,
//! requests through the router.

use std::collections::HashSet;
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
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// A node's API over a fresh database and index.
struct Node {
    router: Router,
    store: Store,
    search: Search,
    cancel: CancellationToken,
    _dir: tempfile::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

impl Node {
    async fn start(pool: PgPool) -> Result<Self> {
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
    async fn with_corpus(pool: PgPool) -> Result<Self> {
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

    async fn post(&self, body: impl Into<Body>) -> Result<(StatusCode, Value)> {
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
    async fn gql(&self, query: &str, variables: Value) -> Result<Value> {
        let body = json!({ "query": query, "variables": variables });
        let (status, json) = self.post(serde_json::to_vec(&body)?).await?;
        ensure!(status == StatusCode::OK, "status {status}: {json:#}");
        Ok(json)
    }

    /// `data` of a query that must succeed.
    async fn data(&self, query: &str, variables: Value) -> Result<Value> {
        let json = self.gql(query, variables).await?;
        ensure!(json.get("errors").is_none(), "errors: {json:#}");
        Ok(json["data"].clone())
    }

    /// The first error of a query that must fail.
    async fn error(&self, query: &str, variables: Value) -> Result<Value> {
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
    async fn search(&self, input: Value, fields: &str) -> Result<Value> {
        let query = format!(
            "query($input: SearchInput!) {{ search(input: $input) {{ totalCount hasNextPage \
             nextCursor order {{ field descending }} items {{ cursor score torrent {{ {fields} }} }} \
             aggregations {{ facet values {{ value count }} }} }} }}"
        );
        Ok(self.data(&query, json!({ "input": input })).await?["search"].clone())
    }

    /// Info hashes of a search's items, in order.
    async fn hashes(&self, input: Value) -> Result<Vec<String>> {
        let result = self.search(input, "infoHash").await?;
        Ok(hashes_of(&result))
    }
}

fn hashes_of(result: &Value) -> Vec<String> {
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

fn code(error: &Value) -> &str {
    error["extensions"]["code"].as_str().unwrap_or_default()
}

fn message(error: &Value) -> &str {
    error["message"].as_str().unwrap_or_default()
}

fn items_of(result: &Value) -> Result<&Vec<Value>> {
    result["items"].as_array().context("no items")
}

fn hash(n: u8) -> InfoHash {
    InfoHash::new([n; 20])
}

fn hex(n: u8) -> String {
    hash(n).to_hex()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn torrent(n: u8, name: &str, size: i64) -> NewTorrent {
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

fn files(n: usize, dir: &str, ext: &str) -> Option<Vec<NewFile>> {
    Some(
        (0..n)
            .map(|i| NewFile {
                path: format!("{dir}/file{i:03}.{ext}"),
                size: 1000 + i as i64,
            })
            .collect(),
    )
}

fn observed(
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
fn corpus() -> Vec<NewTorrent> {
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

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn search_by_query_hydrates_torrents(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let fields = "infoHash name size private filesCount origin seeders leechers magnetUri tags \
                  classified contentType title releaseYear episodes videoResolution videoSource \
                  videoCodec releaseGroup languages publishedAt externalIds { source id }";
    let result = node.search(json!({ "query": "matrix" }), fields).await?;
    assert_eq!(result["totalCount"], 3);
    assert_eq!(
        result["order"],
        json!({ "field": "RELEVANCE", "descending": true })
    );
    assert_eq!(
        sorted(hashes_of(&result)),
        sorted(vec![hex(1), hex(2), hex(8)])
    );
    let scores: Vec<f64> = items_of(&result)?
        .iter()
        .map(|i| i["score"].as_f64().context("score"))
        .collect::<Result<_>>()?;
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    let items = items_of(&result)?;
    let matrix = &items
        .iter()
        .find(|i| i["torrent"]["infoHash"] == hex(1))
        .context("torrent 1")?["torrent"];
    assert_eq!(
        *matrix,
        json!({
            "infoHash": hex(1),
            "name": "The.Matrix.1999.1080p.BluRay.x264-GRP",
            "size": 8_000_000_000i64,
            "private": false,
            "filesCount": 250,
            "origin": 1,
            "seeders": 120,
            "leechers": 7,
            "magnetUri": hash(1).to_magnet(Some("The.Matrix.1999.1080p.BluRay.x264-GRP")),
            "tags": [],
            "classified": false,
            "contentType": "movie",
            "title": "The Matrix",
            "releaseYear": 1999,
            "episodes": [],
            "videoResolution": "V1080p",
            "videoSource": "BluRay",
            "videoCodec": "x264",
            "releaseGroup": "GRP",
            "languages": ["en"],
            "publishedAt": "2021-03-01T00:00:00Z",
            "externalIds": [{ "source": "imdb", "id": "tt0133093" }],
        })
    );

    // No words to rank by: newest published first.
    let all = node.search(json!({}), "infoHash").await?;
    assert_eq!(all["totalCount"], 8);
    assert_eq!(
        all["order"],
        json!({ "field": "PUBLISHED_AT", "descending": true })
    );

    let shows = node
        .search(
            json!({ "query": "type:tv_show" }),
            "infoHash episodes contentType",
        )
        .await?;
    assert_eq!(shows["totalCount"], 2);
    let episodes: HashSet<String> = items_of(&shows)?
        .iter()
        .map(|i| i["torrent"]["episodes"].to_string())
        .collect();
    assert_eq!(
        episodes,
        HashSet::from([r#"["S01"]"#.to_owned(), r#"["S02E03"]"#.to_owned()])
    );

    assert_eq!(
        node.hashes(json!({ "externalIds": ["imdb:tt0133093"] }))
            .await?,
        [hex(1)]
    );
    assert_eq!(node.hashes(json!({ "season": 1 })).await?, [hex(3)]);
    assert_eq!(
        node.hashes(json!({ "season": 2, "episode": 3 })).await?,
        [hex(4)]
    );
    assert!(
        node.hashes(json!({ "season": 2, "episode": 4 }))
            .await?
            .is_empty()
    );
    let by_hash = json!({ "infoHashes": [hex(6), hash(7).to_magnet(None), hash(7).to_base32()] });
    assert_eq!(
        sorted(node.hashes(by_hash).await?),
        sorted(vec![hex(6), hex(7)])
    );

    // Counts only: no items read.
    let counts = node
        .data(
            "{ search(input: { limit: 0, aggregate: [CONTENT_TYPE] }) { totalCount items { cursor } \
             aggregations { facet values { value count } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(counts["search"]["totalCount"], 8);
    assert_eq!(counts["search"]["items"], json!([]));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn facets_filter_and_count_exactly(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let movies = node
        .search(
            json!({
                "facets": [{ "facet": "CONTENT_TYPE", "values": ["movie"] }],
                "aggregate": ["LANGUAGE", "CONTENT_TYPE", "RESOLUTION"],
            }),
            "infoHash",
        )
        .await?;
    assert_eq!(movies["totalCount"], 2);
    assert_eq!(
        movies["aggregations"],
        json!([
            { "facet": "LANGUAGE", "values": [{ "value": "en", "count": 2 }, { "value": "fr", "count": 1 }] },
            // A facet's own filter does not apply to its counts.
            { "facet": "CONTENT_TYPE", "values": [
                { "value": "movie", "count": 2 },
                { "value": "tv_show", "count": 2 },
                { "value": "ebook", "count": 1 },
                { "value": "music", "count": 1 },
                { "value": "software", "count": 1 },
                { "value": "unknown", "count": 1 },
            ] },
            { "facet": "RESOLUTION", "values": [{ "value": "V1080p", "count": 1 }, { "value": "V720p", "count": 1 }] },
        ])
    );

    let languages = |logic: &str| json!({ "facets": [{ "facet": "LANGUAGE", "values": ["en", "fr"], "logic": logic }] });
    assert_eq!(node.hashes(languages("AND")).await?, [hex(2)]);
    assert_eq!(
        sorted(node.hashes(languages("OR")).await?),
        sorted(vec![hex(1), hex(2), hex(3), hex(4)])
    );
    // Values are read as the facets spell them: 1080p is V1080p.
    let hd = json!({ "facets": [{ "facet": "RESOLUTION", "values": ["1080p"] }] });
    assert_eq!(sorted(node.hashes(hd).await?), sorted(vec![hex(1), hex(3)]));
    let years = node
        .search(
            json!({ "query": "type:movie", "aggregate": ["YEAR"] }),
            "infoHash",
        )
        .await?;
    let years: HashSet<String> = years["aggregations"][0]["values"]
        .as_array()
        .context("year values")?
        .iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(
        years,
        HashSet::from([
            json!({ "value": "1999", "count": 1 }).to_string(),
            json!({ "value": "2003", "count": 1 }).to_string(),
        ])
    );
    Ok(())
}

/// The sort key of `field` in a torrent, as JSON: null when missing.
fn order_key(field: &str, item: &Value) -> Result<Value> {
    let t = &item["torrent"];
    let time = |v: &Value| -> Result<Value> {
        let text = v.as_str().context("time")?;
        // The index orders by whole seconds.
        Ok(json!(
            OffsetDateTime::parse(text, &Rfc3339)?.unix_timestamp()
        ))
    };
    Ok(match field {
        "RELEVANCE" => item["score"].clone(),
        "PUBLISHED_AT" => time(&t["publishedAt"])?,
        "DISCOVERED_AT" => time(&t["discoveredAt"])?,
        "SIZE" => t["size"].clone(),
        "SEEDERS" => t["seeders"].clone(),
        "LEECHERS" => t["leechers"].clone(),
        "FILES_COUNT" => t["filesCount"].clone(),
        "NAME" => json!(t["name"].as_str().context("name")?.to_lowercase()),
        other => anyhow::bail!("unknown order field {other}"),
    })
}

fn cmp_keys(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        _ => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
    }
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn every_order_field_sorts_both_ways(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let fields = node
        .data(
            "{ orderFields { field name defaultDescending } }",
            json!({}),
        )
        .await?;
    let fields = fields["orderFields"].as_array().context("orderFields")?;
    assert_eq!(fields.len(), 8);
    for info in fields {
        let field = info["field"].as_str().context("field")?;
        for descending in [false, true] {
            // Relevance needs words; "matrix" matches three torrents.
            let (query, expected) = if field == "RELEVANCE" {
                ("matrix", 3)
            } else {
                ("", 8)
            };
            let input = json!({
                "query": query,
                "orderBy": { "field": field, "descending": descending },
                "limit": 100,
            });
            let result = node
                .search(
                    input,
                    "infoHash name size seeders leechers filesCount publishedAt discoveredAt",
                )
                .await?;
            let what = format!("{field} descending={descending}");
            // Relevance is always best first.
            let descending = descending || field == "RELEVANCE";
            assert_eq!(
                result["order"],
                json!({ "field": field, "descending": descending }),
                "{what}"
            );
            let items = items_of(&result)?;
            let keys: Vec<Value> = items
                .iter()
                .map(|i| order_key(field, i))
                .collect::<Result<_>>()?;
            assert_eq!(keys.len(), expected, "{what}");
            // Missing values come last either way.
            let present = keys.iter().take_while(|k| !k.is_null()).count();
            assert!(
                keys[present..].iter().all(Value::is_null),
                "{what}: {keys:?}"
            );
            for pair in keys[..present].windows(2) {
                let ordering = cmp_keys(&pair[0], &pair[1]);
                let ok = if descending {
                    ordering.is_ge()
                } else {
                    ordering.is_le()
                };
                assert!(ok, "{what}: {keys:?}");
            }
            if matches!(field, "SIZE" | "SEEDERS" | "NAME" | "PUBLISHED_AT") {
                // Distinct values: strictly ordered, so the check above could fail.
                assert!(
                    keys[..present]
                        .windows(2)
                        .all(|p| cmp_keys(&p[0], &p[1]).is_ne()),
                    "{what}: {keys:?}"
                );
            }
            if field == "SEEDERS" {
                assert_eq!(keys.last(), Some(&Value::Null), "{what}");
                assert_eq!(items.last().context("last")?["torrent"]["infoHash"], hex(5));
            }
        }
    }
    let names = node
        .hashes(json!({ "orderBy": { "field": "NAME" }, "limit": 2 }))
        .await?;
    assert_eq!(names, [hex(3), hex(4)], "NAME defaults to ascending");
    let sizes = node
        .hashes(json!({ "orderBy": { "field": "SIZE" }, "limit": 1 }))
        .await?;
    assert_eq!(sizes, [hex(3)], "SIZE defaults to descending");
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn offset_and_cursor_paging_cover_every_result_once(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    for (field, descending) in [
        ("SIZE", true),
        ("SEEDERS", false),
        ("NAME", false),
        // Every torrent was discovered within a second or so: ties, broken by hash.
        ("DISCOVERED_AT", true),
    ] {
        let order = json!({ "field": field, "descending": descending });
        let all = node
            .hashes(json!({ "orderBy": order, "limit": 100 }))
            .await?;
        assert_eq!(all.len(), 8);

        let mut by_offset = Vec::new();
        for offset in (0..9).step_by(3) {
            let page = node
                .search(
                    json!({ "orderBy": order, "limit": 3, "offset": offset }),
                    "infoHash",
                )
                .await?;
            assert_eq!(page["totalCount"], 8);
            assert_eq!(
                page["hasNextPage"],
                offset + 3 < 8,
                "{field} offset {offset}"
            );
            by_offset.extend(hashes_of(&page));
        }
        assert_eq!(by_offset, all, "{field} by offset");

        let mut by_cursor = Vec::new();
        let mut cursor = Value::Null;
        for round in 0.. {
            anyhow::ensure!(round < 10, "{field}: the cursor never ends");
            let page = node
                .search(
                    json!({ "orderBy": order, "limit": 3, "cursor": cursor }),
                    "infoHash",
                )
                .await?;
            let items = items_of(&page)?;
            by_cursor.extend(hashes_of(&page));
            if page["hasNextPage"] == false {
                assert!(page["nextCursor"].is_null());
                break;
            }
            assert_eq!(page["nextCursor"], items.last().context("last")?["cursor"]);
            cursor = page["nextCursor"].clone();
        }
        assert_eq!(by_cursor, all, "{field} by cursor");
    }

    let both = node
        .error(
            r#"{ search(input: { offset: 3, cursor: "x" }) { totalCount } }"#,
            json!({}),
        )
        .await?;
    assert_eq!(code(&both), "BAD_REQUEST");
    let cursor = node
        .error(
            r#"{ search(input: { cursor: "not a cursor" }) { totalCount } }"#,
            json!({}),
        )
        .await?;
    assert_eq!(code(&cursor), "BAD_CURSOR");
    for limit in [-1, 1001] {
        let error = node
            .error(
                "query($l: Int!) { search(input: { limit: $l }) { totalCount } }",
                json!({ "l": limit }),
            )
            .await?;
        assert_eq!(code(&error), "BAD_REQUEST", "limit {limit}");
    }
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn torrent_by_hash_with_files_and_sources(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let query = "query($h: String!) { torrent(infoHash: $h) { infoHash filesCount \
                 first: files { totalCount hasNextPage items { index path size extension fileType } } \
                 last: files(offset: 200, limit: 100) { totalCount hasNextPage items { index } } \
                 sources { key seeders leechers publishedAt } } }";
    let data = node.data(query, json!({ "h": hex(1) })).await?;
    let t = &data["torrent"];
    assert_eq!(t["filesCount"], 250);
    assert_eq!(t["first"]["totalCount"], 250);
    assert_eq!(t["first"]["hasNextPage"], true);
    let first = t["first"]["items"].as_array().context("items")?;
    assert_eq!(first.len(), 100);
    assert_eq!(
        first[7],
        json!({
            "index": 7,
            "path": "The.Matrix.1999/file007.mkv",
            "size": 1007,
            "extension": "mkv",
            "fileType": "video",
        })
    );
    assert_eq!(t["last"]["hasNextPage"], false);
    let last: Vec<i64> = t["last"]["items"]
        .as_array()
        .context("items")?
        .iter()
        .filter_map(|i| i["index"].as_i64())
        .collect();
    assert_eq!(last, (200..250).collect::<Vec<i64>>());
    assert_eq!(
        t["sources"],
        json!([
            { "key": "import", "seeders": 100, "leechers": 7, "publishedAt": "2021-03-01T00:00:00Z" },
            { "key": "rarbg", "seeders": 120, "leechers": 6, "publishedAt": "2021-04-01T00:00:00Z" },
        ])
    );

    // Base32 and magnet links name the same torrent.
    for form in [hash(1).to_base32(), hash(1).to_magnet(Some("x"))] {
        let data = node
            .data(
                "query($h: String!) { torrent(infoHash: $h) { infoHash } }",
                json!({ "h": form }),
            )
            .await?;
        assert_eq!(data["torrent"]["infoHash"], hex(1));
    }
    // File list unknown: no page.
    let data = node
        .data(
            "query($h: String!) { torrent(infoHash: $h) { filesCount files { totalCount } sources { key } } }",
            json!({ "h": hex(5) }),
        )
        .await?;
    assert_eq!(
        data["torrent"],
        json!({ "filesCount": null, "files": null, "sources": [{ "key": "import" }] })
    );

    let unknown = node
        .data(
            "query($h: String!) { torrent(infoHash: $h) { infoHash } }",
            json!({ "h": hex(99) }),
        )
        .await?;
    assert_eq!(unknown["torrent"], Value::Null);
    let bad = node
        .error(
            r#"{ torrent(infoHash: "not-a-hash") { infoHash } }"#,
            json!({}),
        )
        .await?;
    assert_eq!(code(&bad), "BAD_INFO_HASH");
    assert!(message(&bad).contains("not-a-hash"));
    let too_many_files = node
        .error(
            "query($h: String!) { torrent(infoHash: $h) { files(limit: 1001) { totalCount } } }",
            json!({ "h": hex(1) }),
        )
        .await?;
    assert_eq!(code(&too_many_files), "BAD_REQUEST");
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn bad_queries_point_at_the_token(pool: PgPool) -> Result<()> {
    let node = Node::start(pool).await?;
    let error = node
        .error(
            r#"{ search(input: { query: "a year:x" }) { totalCount } }"#,
            json!({}),
        )
        .await?;
    assert_eq!(code(&error), "BAD_QUERY");
    assert_eq!(error["extensions"]["position"], 2);
    assert_eq!(error["extensions"]["token"], "year:x");
    assert!(
        message(&error).contains("year must be a number"),
        "{error:#}"
    );

    // Errors of the engine itself carry a code too.
    for query in [
        "{ search(input: {}) { nope } }",
        "{ search(",
        "{ torrent { name } }",
    ] {
        let error = node.error(query, json!({})).await?;
        assert_eq!(code(&error), "BAD_REQUEST", "{query}: {error:#}");
    }
    let (status, body) = node.post("not json").await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&body["errors"][0]), "BAD_REQUEST");
    let huge = json!({ "query": format!("{{ version }} #{}", "x".repeat(3 << 20)) });
    let (status, body) = node.post(serde_json::to_vec(&huge)?).await?;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code(&body["errors"][0]), "BAD_REQUEST");
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn deleted_torrents_leave_the_index_and_stay_out(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let delete = "mutation($h: [String!]!, $r: String) { deleteTorrents(infoHashes: $h, reason: $r) \
                  { deleted blocked } }";
    let data = node
        .data(
            delete,
            json!({ "h": [hex(3), hex(3).to_uppercase(), hex(99)], "r": "dmca" }),
        )
        .await?;
    assert_eq!(
        data["deleteTorrents"],
        json!({ "deleted": 1, "blocked": 2 })
    );
    let all = node.hashes(json!({ "limit": 100 })).await?;
    assert_eq!(all.len(), 7);
    assert!(!all.contains(&hex(3)));
    assert!(
        node.hashes(json!({ "query": "breaking s01" }))
            .await?
            .is_empty()
    );
    let gone = node
        .data(
            "query($h: String!) { torrent(infoHash: $h) { name } }",
            json!({ "h": hex(3) }),
        )
        .await?;
    assert_eq!(gone["torrent"], Value::Null);

    // A re-import of the same hash is skipped.
    let again = corpus().into_iter().nth(2).context("torrent 3")?;
    let outcome = node.store.torrents().write_batch(&[again]).await?;
    assert_eq!(outcome.skipped_deleted, [hash(3)]);
    node.search.refresh().await?;
    assert_eq!(node.hashes(json!({ "limit": 100 })).await?.len(), 7);
    assert!(node.store.deletions().is_deleted(&hash(99)).await?);

    // A bad hash anywhere in the list deletes nothing.
    let bad = node.error(delete, json!({ "h": [hex(1), "nope"] })).await?;
    assert_eq!(code(&bad), "BAD_INFO_HASH");
    assert_eq!(node.hashes(json!({ "limit": 100 })).await?.len(), 7);
    let many: Vec<String> = (0..10_001).map(|_| hex(1)).collect();
    let too_many = node.error(delete, json!({ "h": many })).await?;
    assert_eq!(code(&too_many), "TOO_MANY");
    assert!(message(&too_many).contains("at most 10000"), "{too_many:#}");
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn tags_show_in_search_and_on_the_torrent(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let tags_of = |n: u8| {
        let node = &node;
        async move {
            let data = node
                .data(
                    "query($h: String!) { torrent(infoHash: $h) { tags } }",
                    json!({ "h": hex(n) }),
                )
                .await?;
            Ok::<_, anyhow::Error>(data["torrent"]["tags"].clone())
        }
    };
    let tagged = |tag: &str| node.hashes(json!({ "query": format!("tag:{tag}") }));

    let put = "mutation($h: [String!]!, $t: [String!]!) { putTags(infoHashes: $h, tags: $t) }";
    let data = node
        .data(
            put,
            json!({ "h": [hex(1), hex(2), hex(99)], "t": ["hd", "favorite"] }),
        )
        .await?;
    assert_eq!(data["putTags"], 2);
    assert_eq!(
        sorted(tagged("favorite").await?),
        sorted(vec![hex(1), hex(2)])
    );
    assert_eq!(tags_of(1).await?, json!(["favorite", "hd"]));
    let counts = node
        .search(json!({ "aggregate": ["TAG"], "limit": 0 }), "infoHash")
        .await?;
    assert_eq!(
        counts["aggregations"],
        json!([{ "facet": "TAG", "values": [{ "value": "favorite", "count": 2 }, { "value": "hd", "count": 2 }] }])
    );
    // Putting tags a torrent has changes nothing.
    let data = node
        .data(put, json!({ "h": [hex(1)], "t": ["hd"] }))
        .await?;
    assert_eq!(data["putTags"], 0);

    let set = "mutation($h: [String!]!, $t: [String!]!) { setTags(infoHashes: $h, tags: $t) }";
    let data = node
        .data(set, json!({ "h": [hex(1)], "t": ["archived"] }))
        .await?;
    assert_eq!(data["setTags"], 1);
    assert_eq!(tags_of(1).await?, json!(["archived"]));
    assert_eq!(tagged("favorite").await?, [hex(2)]);
    assert_eq!(tagged("archived").await?, [hex(1)]);

    let delete = "mutation($h: [String!]!, $t: [String!]) { deleteTags(infoHashes: $h, tags: $t) }";
    let data = node
        .data(delete, json!({ "h": [hex(2)], "t": ["favorite"] }))
        .await?;
    assert_eq!(data["deleteTags"], 1);
    assert!(tagged("favorite").await?.is_empty());
    assert_eq!(tagged("hd").await?, [hex(2)]);
    let data = node.data(delete, json!({ "h": [hex(2)] })).await?;
    assert_eq!(data["deleteTags"], 1);
    assert_eq!(tags_of(2).await?, json!([]));
    assert!(tagged("hd").await?.is_empty());

    for bad in ["Bad Tag", "", "-x"] {
        let error = node
            .error(put, json!({ "h": [hex(1)], "t": [bad] }))
            .await?;
        assert_eq!(code(&error), "BAD_TAG", "{bad:?}");
    }
    assert_eq!(tags_of(1).await?, json!(["archived"]));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn reprocess_queues_classification(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool.clone()).await?;
    let pending = || async {
        let counts = node.store.jobs().counts().await?;
        Ok::<_, anyhow::Error>(
            counts
                .iter()
                .find(|c| c.queue == "classify")
                .map_or(0, |c| c.pending),
        )
    };
    let before = pending().await?;
    let data = node
        .data(
            "mutation($h: [String!]!) { reprocess(infoHashes: $h) }",
            json!({ "h": [hex(2), hex(1), hex(99)] }),
        )
        .await?;
    assert_eq!(data["reprocess"], 2);
    assert_eq!(pending().await?, before + 1);
    let payload: Value = sqlx::query_scalar(
        "SELECT payload FROM jobs WHERE queue = 'classify' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await?;
    assert_eq!(payload, json!({ "info_hashes": [hex(1), hex(2)] }));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn version_health_and_vocabularies(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let data = node
        .data(
            "{ version health { ok version database { ok embedded pingMs error } \
             index { ok documents rebuilding indexerRunning lastError } } \
             contentTypes { contentType label } facets { facet name multiValued } \
             orderFields { field name defaultDescending } }",
            json!({}),
        )
        .await?;
    assert_eq!(data["version"], env!("CARGO_PKG_VERSION"));
    let health = &data["health"];
    assert_eq!(health["ok"], true, "{health:#}");
    assert_eq!(health["database"]["ok"], true);
    assert!(health["database"]["pingMs"].as_f64().is_some());
    assert_eq!(health["database"]["error"], Value::Null);
    assert_eq!(health["index"]["documents"], 8);
    assert_eq!(health["index"]["indexerRunning"], true);

    let content_types = data["contentTypes"].as_array().context("contentTypes")?;
    assert_eq!(content_types.len(), ContentType::ALL.len());
    assert!(content_types.contains(&json!({ "contentType": "tv_show", "label": "TV show" })));
    let facets = data["facets"].as_array().context("facets")?;
    assert_eq!(facets.len(), 9);
    assert!(facets.contains(&json!({ "facet": "TAG", "name": "tag", "multiValued": true })));
    assert!(facets.contains(&json!({ "facet": "YEAR", "name": "year", "multiValued": false })));
    let orders = data["orderFields"].as_array().context("orderFields")?;
    assert!(orders.contains(
        &json!({ "field": "PUBLISHED_AT", "name": "published_at", "defaultDescending": true })
    ));
    assert!(
        orders.contains(&json!({ "field": "NAME", "name": "name", "defaultDescending": false }))
    );

    // Stop the indexer: health says so.
    node.cancel.cancel();
    for _ in 0..100 {
        if !node.search.status().indexer_running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let data = node
        .data("{ health { ok index { indexerRunning } } }", json!({}))
        .await?;
    assert_eq!(
        data["health"],
        json!({ "ok": false, "index": { "indexerRunning": false } })
    );
    Ok(())
}

/// The introspection query of GraphiQL and the Playground (graphql-js
/// `getIntrospectionQuery`), whose `ofType` chains are the deepest legitimate selection.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  } } } } } } } } }
}
"#;

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn too_deep_and_too_complex_queries_are_refused(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let schema = node.data(INTROSPECTION, json!({})).await?;
    assert!(
        schema["__schema"]["types"]
            .as_array()
            .is_some_and(|t| t.len() > 20)
    );

    let deep = format!(
        "{{ __schema {{ types {{ fields {{ type {{ {} name {} }} }} }} }} }}",
        "ofType {".repeat(14),
        "}".repeat(14)
    );
    let error = node.error(&deep, json!({})).await?;
    assert_eq!(code(&error), "BAD_REQUEST");
    assert!(message(&error).contains("nested too deep"), "{error:#}");

    // Every summary field of a 1000-result page is fine...
    let summary = "infoHash name size private filesCount origin discoveredAt publishedAt seeders \
                   leechers magnetUri tags classified contentType title releaseYear episodes \
                   videoResolution videoSource videoCodec video3d videoModifier releaseGroup \
                   languages externalIds { source id }";
    let page = node
        .search(
            json!({ "limit": 1000, "aggregate": ["CONTENT_TYPE", "LANGUAGE", "YEAR"] }),
            summary,
        )
        .await?;
    assert_eq!(page["totalCount"], 8);
    // ... but the files of each of 1000 results are not, nor many torrents' details.
    let files =
        "{ search(input: { limit: 1000 }) { items { torrent { files { items { path } } } } } }";
    let aliased: String = (0..25)
        .map(|i| {
            format!(
                "t{i}: torrent(infoHash: \"{}\") {{ files {{ totalCount }} sources {{ key }} }} ",
                hex(1)
            )
        })
        .collect();
    for query in [files.to_owned(), format!("{{ {aliased} }}")] {
        let error = node.error(&query, json!({})).await?;
        assert_eq!(code(&error), "BAD_REQUEST");
        assert!(message(&error).contains("too complex"), "{error:#}");
    }
    // A smaller page with files fits.
    let small = node
        .data(
            "{ search(input: { limit: 100 }) { items { torrent { files(limit: 5) { totalCount } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(small["search"]["items"].as_array().map(Vec::len), Some(8));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn get_serves_the_playground(pool: PgPool) -> Result<()> {
    let node = Node::start(pool).await?;
    let response = node
        .router
        .clone()
        .oneshot(Request::get("/graphql").body(Body::empty())?)
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let body = response.into_body().collect().await?.to_bytes();
    let html = String::from_utf8_lossy(&body);
    assert!(html.contains("GraphQL Playground"), "{html}");
    assert!(html.contains("/graphql"));
    Ok(())
}
