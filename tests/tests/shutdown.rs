//! End-to-end: the first SIGINT shuts the node down gracefully (requests in flight may
//! finish), a second one exits at once.

use std::time::Duration;

use lodestone_tests::{Node, NodeOptions, TestDb, data_dir};

#[tokio::test]
async fn second_sigint_exits_at_once() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let node = Node::start(&NodeOptions::new(dir.path(), Some(db.url())))
        .await
        .unwrap();

    // An import whose body never ends keeps a request in flight.
    let held = node.import_held_open();
    held.send(
        b"{\"infoHash\":\"ffffffffffffffffffffffffffffffffffffffff\",\"name\":\"x\",\"size\":1}\n",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let pid = node.pid();
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(
        nix::sys::signal::kill(pid, None).is_ok(),
        "first SIGINT waits for the import in flight"
    );
    assert!(node.log().contains("shutting down"), "{}", node.log());

    let status = node.interrupt().await.unwrap();
    assert_eq!(status.code(), Some(130), "second SIGINT exits at once");
    drop(held);
}
