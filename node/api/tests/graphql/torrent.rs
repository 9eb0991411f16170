//! `torrent`: one torrent by hash, its files and sources.

use anyhow::{Context as _, Result};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::support::{Node, code, hash, hex, message};

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
