//! Facet filters, alternatives (`anyOf`) and exact counts.

use std::collections::HashSet;

use anyhow::{Context as _, Result};
use lodestone_proto::ContentType;
use lodestone_store::torrents::TorrentHints;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::support::{Node, code, hex, message, sorted, torrent};

fn filter(facet: &str, values: &[&str]) -> Value {
    json!({ "facet": facet, "values": values })
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

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn video_3d_filters_counts_and_shows(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let three_d = |n, name, layout: &str| {
        let mut t = torrent(n, name, 9_000_000_000);
        t.hints = Some(TorrentHints {
            content_type: Some(ContentType::Movie),
            video_resolution: Some("1080p".into()),
            video_3d: Some(layout.into()),
            ..TorrentHints::default()
        });
        t
    };
    node.store
        .torrents()
        .write_batch(&[
            three_d(9, "Avatar.2009.1080p.3D.HSBS", "3DSBS"),
            three_d(10, "Gravity.2013.1080p.3D", "3D"),
        ])
        .await?;
    node.search.refresh().await?;

    // Aliases are read as the canonical names the counts report.
    let result = node
        .search(
            json!({
                "facets": [filter("VIDEO_3D", &["3dsbs"])],
                "aggregate": ["VIDEO_3D"],
            }),
            "infoHash video3d",
        )
        .await?;
    assert_eq!(result["totalCount"], 1);
    assert_eq!(
        result["items"][0]["torrent"],
        json!({ "infoHash": hex(9), "video3d": "V3DSBS" })
    );
    // The facet's own filter leaves its counts alone.
    assert_eq!(
        result["aggregations"],
        json!([{ "facet": "VIDEO_3D", "values": [
            { "value": "V3D", "count": 1 },
            { "value": "V3DSBS", "count": 1 },
        ] }])
    );
    let both = json!({ "facets": [filter("VIDEO_3D", &["V3D", "V3DSBS"])] });
    assert_eq!(sorted(node.hashes(both).await?), [hex(9), hex(10)]);
    let none = json!({ "facets": [filter("VIDEO_3D", &["V3DOU"])] });
    assert!(node.hashes(none).await?.is_empty());
    // Other facets count 3D torrents like any other.
    let counts = node
        .search(
            json!({ "query": "type:movie", "aggregate": ["VIDEO_3D", "RESOLUTION"], "limit": 0 }),
            "infoHash",
        )
        .await?;
    assert_eq!(counts["totalCount"], 4);
    assert_eq!(
        counts["aggregations"][1],
        json!({ "facet": "RESOLUTION", "values": [
            { "value": "V1080p", "count": 3 },
            { "value": "V720p", "count": 1 },
        ] })
    );
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn any_of_admits_any_alternative(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    // 720p movies or 1080p shows.
    let any_of = json!([
        [
            filter("CONTENT_TYPE", &["movie"]),
            filter("RESOLUTION", &["720p"])
        ],
        [
            filter("CONTENT_TYPE", &["tv_show"]),
            filter("RESOLUTION", &["1080p"])
        ],
    ]);
    assert_eq!(
        sorted(node.hashes(json!({ "anyOf": any_of })).await?),
        [hex(2), hex(3)]
    );
    // Everything else in the input holds as well.
    assert_eq!(
        node.hashes(json!({ "anyOf": any_of, "query": "matrix" }))
            .await?,
        [hex(2)]
    );
    let french = json!({ "anyOf": any_of, "facets": [filter("LANGUAGE", &["fr"])] });
    assert_eq!(node.hashes(french).await?, [hex(2)]);
    // Alternatives apply to the counts of every facet, their own included.
    let counts = node
        .search(
            json!({ "anyOf": any_of, "aggregate": ["CONTENT_TYPE", "RESOLUTION"] }),
            "infoHash",
        )
        .await?;
    assert_eq!(
        counts["aggregations"],
        json!([
            { "facet": "CONTENT_TYPE", "values": [
                { "value": "movie", "count": 1 },
                { "value": "tv_show", "count": 1 },
            ] },
            { "facet": "RESOLUTION", "values": [
                { "value": "V1080p", "count": 1 },
                { "value": "V720p", "count": 1 },
            ] },
        ])
    );
    // Each alternative's filters keep their logic.
    let both_languages = json!([[{ "facet": "LANGUAGE", "values": ["en", "fr"], "logic": "AND" }]]);
    assert_eq!(
        node.hashes(json!({ "anyOf": both_languages })).await?,
        [hex(2)]
    );
    // No alternatives restrict nothing; neither does an alternative without filters.
    assert_eq!(node.hashes(json!({ "anyOf": [] })).await?.len(), 8);
    let open = json!([[], [filter("CONTENT_TYPE", &["music"])]]);
    assert_eq!(node.hashes(json!({ "anyOf": open })).await?.len(), 8);
    let music = json!([[filter("CONTENT_TYPE", &["music"])]]);
    assert_eq!(node.hashes(json!({ "anyOf": music })).await?, [hex(6)]);

    // Values are checked like those of `facets`, under the same cap.
    let query = "query($input: SearchInput!) { search(input: $input) { totalCount } }";
    let bad = node
        .error(
            query,
            json!({ "input": { "anyOf": [[filter("CONTENT_TYPE", &["nope"])]] } }),
        )
        .await?;
    assert_eq!(code(&bad), "BAD_REQUEST", "{bad:#}");
    assert!(message(&bad).contains("content_type"), "{bad:#}");
    let many: Vec<&str> = vec!["x"; 600];
    let too_many_values = json!({
        "facets": [filter("TAG", &many)],
        "anyOf": [[filter("TAG", &many)]],
    });
    let error = node
        .error(query, json!({ "input": too_many_values }))
        .await?;
    assert_eq!(code(&error), "TOO_MANY", "{error:#}");
    assert!(message(&error).contains("facet values"), "{error:#}");
    let alternatives: Vec<Value> = (0..101).map(|_| json!([])).collect();
    let error = node
        .error(query, json!({ "input": { "anyOf": alternatives } }))
        .await?;
    assert_eq!(code(&error), "TOO_MANY", "{error:#}");
    assert!(message(&error).contains("alternatives"), "{error:#}");
    Ok(())
}
