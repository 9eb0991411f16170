//! `search`: words, filters and hydration; query errors.

use std::collections::HashSet;

use anyhow::{Context as _, Result};
use axum::http::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::support::{Node, code, hash, hashes_of, hex, items_of, message, sorted};

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
