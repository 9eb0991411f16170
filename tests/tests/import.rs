//! End-to-end: imports through the `lodestone` binary, from the CLI and over HTTP.

use std::io::Write;
use std::time::Duration;

use lodestone_tests::{Node, NodeOptions, TestDb, corpus, data_dir, lodestone};

fn ndjson(seed: u64, n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    corpus::write_ndjson(seed, n, &mut out).unwrap();
    out
}

fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
    path
}

async fn cli_import(db: &TestDb, dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = lodestone()
        .env("DATABASE_URL", db.url())
        .arg("--data-dir")
        .arg(dir)
        .arg("import")
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

async fn scalar(db: &TestDb, sql: &'static str) -> i64 {
    let store = db.connect().await.unwrap();
    let n = sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .unwrap();
    store.close().await;
    n
}

#[tokio::test]
async fn cli_import_is_idempotent_and_queues_classification() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let file = write_file(dir.path(), "t.ndjson", &ndjson(1, 2500));

    let (code, stdout, stderr) = cli_import(
        &db,
        dir.path(),
        &["--source", "rarbg", file.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("imported 2500 records (2500 new, 0 existing, 0 deleted, 0 invalid)"),
        "{stdout}"
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM torrents").await, 2500);
    let queued = scalar(&db, "SELECT sum(jsonb_array_length(payload->'info_hashes'))::int8 FROM jobs WHERE queue = 'classify'").await;
    assert_eq!(queued, 2500);
    let jobs = scalar(&db, "SELECT count(*) FROM jobs").await;

    let (code, stdout, stderr) = cli_import(&db, dir.path(), &[file.to_str().unwrap()]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("imported 2500 records (0 new, 2500 existing, 0 deleted, 0 invalid)"),
        "{stdout}"
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM torrents").await, 2500);
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM jobs").await,
        jobs,
        "re-import queues nothing"
    );
}

#[tokio::test]
async fn cli_import_from_stdin_with_source() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let mut child = lodestone()
        .env("DATABASE_URL", db.url())
        .arg("--data-dir")
        .arg(dir.path())
        .args(["import", "--source", "MyDump", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let line =
        r#"{"infoHash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","name":"Stdin.Test","size":42}"#;
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .await
            .unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success());
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM torrent_sources WHERE source = 'mydump'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn cli_bad_line_stops_after_committing_the_lines_before_it() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let good = ndjson(2, 5000);
    let lines: Vec<&[u8]> = good
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut input = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 4321 {
            input.extend_from_slice(br#"{"infoHash":"not-a-hash","name":"x","size":1}"#);
            input.push(b'\n');
        }
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    let file = write_file(dir.path(), "bad.ndjson", &input);

    let (code, _stdout, stderr) = cli_import(&db, dir.path(), &[file.to_str().unwrap()]).await;
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(r#"error: line 4322: key "infoHash": "#),
        "{stderr}"
    );
    assert!(stderr.contains("committed 4321 records"), "{stderr}");
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM torrents").await,
        4321,
        "every line before the bad one"
    );

    let (code, stdout, stderr) =
        cli_import(&db, dir.path(), &["--skip-invalid", file.to_str().unwrap()]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("skipped 1 invalid lines:"), "{stderr}");
    assert!(stderr.contains(r#"line 4322: key "infoHash""#), "{stderr}");
    assert!(
        stdout.starts_with("imported 5000 records (679 new, 4321 existing, 0 deleted, 1 invalid)"),
        "{stdout}"
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM torrents").await, 5000);
}

#[tokio::test]
async fn cli_reports_missing_file_and_bad_config() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let (code, _, stderr) = cli_import(&db, dir.path(), &["/nonexistent/file.ndjson"]).await;
    assert_eq!(code, 1);
    assert!(
        stderr.contains("opening /nonexistent/file.ndjson"),
        "{stderr}"
    );

    let out = lodestone()
        .env("DATABASE_URL", db.url())
        .env("LODESTONE_IMPORT_BATCH_SIZE", "zero")
        .args(["config", "show"])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("import.batch_size") && stderr.contains("LODESTONE_IMPORT_BATCH_SIZE"),
        "{stderr}"
    );
}

#[tokio::test]
async fn config_show_names_each_layer() {
    let dir = data_dir().unwrap();
    let config = write_file(dir.path(), "c.yml", b"import:\n  batch_size: 500\n");
    let out = lodestone()
        .env("DATABASE_URL", "postgres://me:secret@127.0.0.1:5432/x")
        .env("LODESTONE_LOG_LEVEL", "debug")
        .arg("--config")
        .arg(&config)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["config", "show"])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |key: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{key} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("import.batch_size").contains("500")
            && line("import.batch_size").contains("config file"),
        "{stdout}"
    );
    assert!(
        line("log.level").contains("environment variable LODESTONE_LOG_LEVEL"),
        "{stdout}"
    );
    assert!(
        line("database.url").contains("me:****@") && line("database.url").contains("DATABASE_URL"),
        "{stdout}"
    );
    assert!(
        line("data_dir").contains("command line --data-dir"),
        "{stdout}"
    );
    assert!(
        line("http.addr").contains("127.0.0.1:3333") && line("http.addr").contains("# default"),
        "{stdout}"
    );
    assert!(!stdout.contains("secret"));
}

#[tokio::test]
async fn http_import_streams_progress_and_handles_bad_lines() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let node = Node::start(
        &NodeOptions::new(dir.path(), Some(db.url())).env("LODESTONE_IMPORT_BATCH_SIZE", "1000"),
    )
    .await
    .unwrap();
    let body = ndjson(3, 3000);
    let (status, text) = node.import("", body.clone()).await;
    assert_eq!(status, 200);
    assert!(
        text.lines().any(|l| l.starts_with("imported ")),
        "progress lines: {text}"
    );
    assert!(
        text.lines().last().unwrap().starts_with(
            "done: imported 3000 records (3000 new, 0 existing, 0 deleted, 0 invalid)"
        ),
        "{text}"
    );

    // Idempotent over HTTP too.
    let (_, text) = node.import("", body).await;
    assert!(
        text.contains("done: imported 3000 records (0 new, 3000 existing"),
        "{text}"
    );

    // A bad first line: nothing committed, 400 with the line and key.
    let (status, text) = node
        .import(
            "",
            "{\"infoHash\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"name\":\"x\",\"size\":\"big\"}\n",
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        text.contains(r#"error: line 1: key "size": expected a non-negative integer, found "big""#),
        "{text}"
    );

    // skipInvalid: good lines kept, the bad one reported by number.
    let body = "{\"infoHash\":\"cccccccccccccccccccccccccccccccccccccccc\",\"name\":\"ok one\",\"size\":1}\n\
                not json\n\
                {\"infoHash\":\"dddddddddddddddddddddddddddddddddddddddd\",\"name\":\"ok two\",\"size\":2}\n";
    let (status, text) = node.import("?skipInvalid=true&source=web", body).await;
    assert_eq!(status, 200);
    assert!(text.contains("skipped 1 invalid lines"), "{text}");
    assert!(
        text.contains("invalid: line 2: invalid JSON at column"),
        "{text}"
    );
    assert!(
        text.contains("done: imported 2 records (2 new, 0 existing, 0 deleted, 1 invalid)"),
        "{text}"
    );

    let (status, _) = node.import("?skipInvalid=maybe", "").await;
    assert_eq!(status, 400);

    let client = reqwest::Client::new();
    // /status and /metrics.
    let status: serde_json::Value = serde_json::from_str(
        &client
            .get(node.url("/status"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(status["status"], "ok");
    assert_eq!(status["database"]["ok"], true);
    assert_eq!(status["database"]["embedded"], false);
    let metrics = client
        .get(node.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"lodestone_import_records_total{result="inserted",via="http"} 3002"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"lodestone_jobs{queue="classify",status="pending"}"#),
        "{metrics}"
    );

    let status = node.interrupt().await.unwrap();
    assert!(status.success(), "clean exit on SIGINT: {status}");
    assert_eq!(scalar(&db, "SELECT count(*) FROM torrents").await, 3002);
}

/// SIGKILL in the middle of an HTTP import: every record the node reported as
/// imported is in the database, and re-importing completes the rest exactly once.
#[tokio::test]
async fn sigkill_mid_import_loses_no_committed_line() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let options =
        NodeOptions::new(dir.path(), Some(db.url())).env("LODESTONE_IMPORT_BATCH_SIZE", "500");
    let node = Node::start(&options).await.unwrap();
    let total = 20_000;
    let body = ndjson(4, total);

    // Feed the body slowly so the kill lands mid-import.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    let chunks: Vec<Vec<u8>> = body.chunks(64 * 1024).map(<[u8]>::to_vec).collect();
    tokio::spawn(async move {
        for chunk in chunks {
            if tx.send(Ok(chunk)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let stream = tokio_stream::wrappers::ReceiverStream::new(rx);
    let client = reqwest::Client::new();
    let resp = client
        .post(node.url("/import"))
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut resp = resp;
    let mut reported = 0u64;
    let mut buffer = String::new();
    while reported < 2000 {
        let chunk = resp
            .chunk()
            .await
            .unwrap()
            .expect("stream ended before any progress");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        // Complete lines only: a chunk may end inside one.
        let complete = &buffer[..buffer.rfind('\n').map_or(0, |i| i + 1)];
        for line in complete.lines() {
            if let Some(rest) = line.strip_prefix("imported ") {
                reported = reported.max(rest.split(' ').next().unwrap().parse().unwrap());
            }
        }
    }
    node.kill().await.unwrap();
    let stored = scalar(&db, "SELECT count(*) FROM torrents").await as u64;
    assert!(
        stored >= reported,
        "reported {reported} imported, found {stored}"
    );
    assert!(
        stored < total as u64,
        "the kill landed mid-import ({stored})"
    );

    let node = Node::start(&options).await.unwrap();
    let (_, text) = node.import("", body).await;
    assert!(
        text.contains(&format!(
            "done: imported {total} records ({} new, {stored} existing",
            total as u64 - stored
        )),
        "{text}"
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM torrents").await,
        total as i64
    );
    node.interrupt().await.unwrap();
}

#[tokio::test]
async fn http_imports_beyond_the_cap_get_503() {
    let db = TestDb::create().await.unwrap();
    let dir = data_dir().unwrap();
    let node = Node::start(&NodeOptions::new(dir.path(), Some(db.url())))
        .await
        .unwrap();
    // Four imports whose bodies stay open hold every slot.
    let mut held: Vec<_> = (0..4).map(|_| node.import_held_open()).collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (status, text) = node.import("", "").await;
    assert_eq!(status, 503);
    assert!(text.contains("imports are already running"), "{text}");

    // Finishing one frees a slot.
    let text = held.pop().unwrap().finish().await;
    assert!(text.contains("done: imported 0 records"), "{text}");
    let (status, _) = node.import("", "").await;
    assert_eq!(status, 200);
    drop(held);
    node.kill().await.unwrap();
}
