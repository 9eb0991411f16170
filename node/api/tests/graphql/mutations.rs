//! Deleting, tagging and reprocessing torrents.

use anyhow::{Context as _, Result};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::support::{Node, code, corpus, hash, hex, message, sorted};

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
