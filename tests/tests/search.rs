//! End-to-end: searching through the `lodestone` binary. An import over HTTP becomes
//! searchable through GraphQL and Torznab within seconds; `lodestone search` and
//! `lodestone reindex` work on the same data directory, with and without a node
//! running; a node restarted after more imports catches its index up by itself.

use std::time::{Duration, Instant};

use lodestone_tests::{Node, NodeOptions, TestDb, corpus, data_dir, lodestone};

fn ndjson(seed: u64, n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    corpus::write_ndjson(seed, n, &mut out).unwrap();
    out
}

async fn graphql(node: &Node, query: &str) -> serde_json::Value {
    let body = reqwest::Client::new()
        .post(node.url("/graphql"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&serde_json::json!({ "query": query })).unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice(&body).unwrap()
}

async fn total(node: &Node, query: &str) -> i64 {
    let q = format!(
        "{{ search(input: {{query: {}, limit: 1}}) {{ totalCount }} }}",
        serde_json::to_string(query).unwrap()
    );
    let v = graphql(node, &q).await;
    v["data"]["search"]["totalCount"]
        .as_i64()
        .unwrap_or_else(|| panic!("no total in {v}"))
}

/// Waits until a search for everything counts `n` (the index follows the database
/// within a few seconds), and returns how long it took.
async fn wait_for_total(node: &Node, n: i64) -> Duration {
    let start = Instant::now();
    loop {
        if total(node, "").await == n {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "index did not reach {n} documents; log:\n{}",
            node.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn cli(db: &TestDb, dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = lodestone()
        .env("DATABASE_URL", db.url())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn imports_become_searchable_and_the_cli_and_restarts_keep_up() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let options = NodeOptions::new(dir.path(), Some(db.url()));
    let node = Node::start(&options).await.unwrap();

    let (status, body) = node.import("", ndjson(7, 300)).await;
    assert_eq!(status, 200, "{body}");
    let waited = wait_for_total(&node, 300).await;
    assert!(waited < Duration::from_secs(10), "took {waited:?}");
    let status: serde_json::Value = serde_json::from_slice(
        &reqwest::get(node.url("/status"))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(status["index"]["documents"], 300, "{status}");
    assert_eq!(status["index"]["indexer_running"], true, "{status}");
    assert_eq!(status["index"]["rebuilding"], false, "{status}");
    assert!(
        status["index"]["disk_bytes"].as_u64().unwrap() > 0,
        "{status}"
    );
    let metrics = reqwest::get(node.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("lodestone_index_documents 300"),
        "{metrics}"
    );

    // A word from one of the names finds it, through GraphQL and Torznab.
    let first = corpus::CorpusGenerator::new(7).next().unwrap();
    let word = first
        .name
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 4 && w.chars().all(char::is_alphabetic))
        .unwrap()
        .to_string();
    let q = format!(
        "{{ search(input: {{query: {:?}, limit: 300}}) {{ items {{ torrent {{ infoHash }} }} }} }}",
        word
    );
    let v = graphql(&node, &q).await;
    let found: Vec<&str> = v["data"]["search"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["torrent"]["infoHash"].as_str().unwrap())
        .collect();
    assert!(
        found.contains(&first.info_hash_hex().as_str()),
        "{word}: {v}"
    );

    let rss = reqwest::get(node.url("/torznab/api?t=search&limit=5"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = roxmltree::Document::parse(&rss).unwrap();
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("item")).count(),
        5,
        "{rss}"
    );

    // While the node runs, the CLI reads its index and reindex refuses to compete.
    let (code, out, err) = cli(&db, dir.path(), &["search", "--json", &word]).await;
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 1, "{out}");
    let (code, _, err) = cli(&db, dir.path(), &["reindex"]).await;
    assert_ne!(code, 0);
    assert!(err.contains("in use by another process"), "{err}");

    node.interrupt().await.unwrap();

    // Without a node, the CLI catches the index up itself before it searches.
    let (status, body) = lodestone_import(&db, dir.path(), ndjson(8, 200)).await;
    assert_eq!(status, 0, "{body}");
    let (code, out, err) = cli(&db, dir.path(), &["search", "--json", "--limit", "0"]).await;
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["total"], 500, "{out}");

    // A bad query is an error that points at the token, with exit code 2.
    let (code, _, err) = cli(&db, dir.path(), &["search", "year:abc"]).await;
    assert_eq!(code, 2);
    assert!(
        err.contains("\"year:abc\"") && err.contains("year"),
        "{err}"
    );

    let (code, out, err) = cli(&db, dir.path(), &["reindex"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("indexed 500 torrents"), "{out}");

    // A restarted node serves the index it left and catches up with what came since.
    let (status, body) = lodestone_import(&db, dir.path(), ndjson(9, 100)).await;
    assert_eq!(status, 0, "{body}");
    let node = Node::start(&options).await.unwrap();
    wait_for_total(&node, 600).await;
    assert!(
        !node.log().contains("rebuilding"),
        "a caught-up index is not rebuilt: {}",
        node.log()
    );
    node.interrupt().await.unwrap();
}

async fn lodestone_import(db: &TestDb, dir: &std::path::Path, body: Vec<u8>) -> (i32, String) {
    let file = dir.join(format!("import-{}.ndjson", body.len()));
    std::fs::write(&file, body).unwrap();
    let (code, out, err) = cli(db, dir, &["import", file.to_str().unwrap()]).await;
    (code, format!("{out}{err}"))
}

#[tokio::test]
async fn a_node_without_an_index_builds_one_at_start() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let (code, out) = lodestone_import(&db, dir.path(), ndjson(3, 250)).await;
    assert_eq!(code, 0, "{out}");
    std::fs::remove_dir_all(dir.path().join("index")).ok();
    let node = Node::start(&NodeOptions::new(dir.path(), Some(db.url())))
        .await
        .unwrap();
    wait_for_total(&node, 250).await;
    assert!(node.log().contains("rebuilding"), "{}", node.log());
    node.interrupt().await.unwrap();
}
