//! End-to-end: `lodestone run` on the embedded default (no DATABASE_URL): the node
//! creates its PostgreSQL cluster once, reuses it on the next start, stops it on
//! shutdown, and a cluster left running by a killed node is reused.

use std::path::Path;

use lodestone_tests::{Node, NodeOptions, data_dir, lodestone};

fn cluster_running(data_dir: &Path) -> bool {
    data_dir.join("postgres/data/postmaster.pid").exists()
}

async fn status(node: &Node) -> serde_json::Value {
    let body = reqwest::get(node.url("/status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn node_manages_its_own_cluster() {
    let dir = data_dir().unwrap();
    let options = NodeOptions::new(dir.path(), None);

    // First start creates the cluster.
    let node = Node::start(&options).await.unwrap();
    let s = status(&node).await;
    assert_eq!(s["database"]["embedded"], true);
    assert_eq!(s["database"]["ok"], true);
    assert!(
        node.log()
            .contains("creating the embedded PostgreSQL cluster"),
        "{}",
        node.log()
    );
    assert!(cluster_running(dir.path()));
    let version_file = dir.path().join("postgres/data/PG_VERSION");
    let created = std::fs::metadata(&version_file)
        .unwrap()
        .modified()
        .unwrap();

    // Import through HTTP into it.
    let line = r#"{"infoHash":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","name":"Embedded.Test","size":7}"#;
    let (_, text) = node
        .import(
            "",
            format!(
                "{line}
"
            ),
        )
        .await;
    assert!(text.contains("done: imported 1 records (1 new"), "{text}");

    // Ctrl-C stops the node and the cluster.
    assert!(node.interrupt().await.unwrap().success());
    assert!(
        !cluster_running(dir.path()),
        "cluster stopped with the node"
    );

    // Second start reuses the cluster and finds the data.
    let node = Node::start(&options).await.unwrap();
    assert!(
        !node
            .log()
            .contains("creating the embedded PostgreSQL cluster"),
        "{}",
        node.log()
    );
    assert_eq!(
        std::fs::metadata(&version_file)
            .unwrap()
            .modified()
            .unwrap(),
        created
    );
    let (_, text) = node
        .import(
            "",
            format!(
                "{line}
"
            ),
        )
        .await;
    assert!(
        text.contains("(0 new, 1 existing"),
        "data kept across restarts: {text}"
    );

    // SIGKILL leaves the cluster running; the next node takes it over and stops it
    // on its clean shutdown.
    node.kill().await.unwrap();
    assert!(cluster_running(dir.path()));
    let node = Node::start(&options).await.unwrap();
    assert!(node.log().contains("taking it over"), "{}", node.log());

    // A CLI command next to the running node shares the cluster and leaves it running.
    let out = lodestone()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["db", "migrate"])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("sharing it"));
    assert!(
        cluster_running(dir.path()),
        "the node's cluster outlives the CLI command"
    );

    assert!(node.interrupt().await.unwrap().success());
    assert!(
        !cluster_running(dir.path()),
        "the node that took over stops it"
    );

    // A CLI command against the same data dir starts and stops the cluster itself.
    let out = lodestone()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["db", "status"])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("0001 initial") && stdout.contains("0 pending"),
        "{stdout}"
    );
    // db status started the stopped cluster and stopped it again.
    assert!(!cluster_running(dir.path()));
}
