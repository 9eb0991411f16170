//! The import pipeline against the real PostgreSQL (one database per test).

use std::sync::{Arc, Mutex};

use lodestone_import::{ImportError, ImportOptions, Progress, import};
use lodestone_store::Store;
use sqlx::PgPool;

fn line(n: u32, files: usize) -> String {
    let files: Vec<String> = (0..files)
        .map(|i| format!(r#"{{"path":"dir/file{i}.bin","size":1}}"#))
        .collect();
    format!(
        r#"{{"infoHash":"{n:08x}00000000000000000000000000000000","name":"t{n}","files":[{}]}}"#,
        files.join(",")
    )
}

async fn run(
    pool: &PgPool,
    input: String,
    options: ImportOptions,
) -> (
    Result<lodestone_import::ImportSummary, ImportError>,
    Vec<Progress>,
) {
    let store = Store::from_pool(pool.clone());
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = seen.clone();
    let result = import(&store, input.as_bytes(), &options, move |p| {
        sink.lock().unwrap().push(p.clone())
    })
    .await;
    let seen = seen.lock().unwrap().clone();
    (result, seen)
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn batches_are_cut_by_records_and_by_files(pool: PgPool) {
    let input: String = (0..10).map(|n| line(n, 4) + "\n").collect();
    let options = ImportOptions {
        batch_size: 100,
        max_batch_files: 10,
        writers: 1,
        ..ImportOptions::default()
    };
    let (result, progress) = run(&pool, input, options).await;
    let summary = result.unwrap();
    assert_eq!(summary.progress.imported, 10);
    // 4 files per record, cut at 10 files: batches of 3, 3, 3 and 1 records.
    let committed: Vec<u64> = progress.iter().map(|p| p.imported).collect();
    assert_eq!(committed, vec![3, 6, 9, 10]);
    let files: i64 = sqlx::query_scalar("SELECT sum(cardinality(paths))::int8 FROM torrent_files")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(files, 40);
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn progress_reports_only_committed_records(pool: PgPool) {
    let mut input: String = (0..7).map(|n| line(n, 1) + "\n").collect();
    input.push_str("{\"infoHash\": 5}\n");
    input.push_str(&line(99, 1));
    let options = ImportOptions {
        batch_size: 3,
        writers: 2,
        ..ImportOptions::default()
    };
    let (result, progress) = run(&pool, input, options).await;
    let Err(ImportError::BadLine { error, summary }) = result else {
        panic!("expected a bad line");
    };
    assert_eq!(
        error.to_string(),
        r#"line 8: key "infoHash": expected a string, found a number"#
    );
    assert_eq!(
        summary.progress.imported, 7,
        "the seven lines before the bad one"
    );
    assert_eq!(summary.progress.lines, 8);
    assert_eq!(progress.last().unwrap().imported, 7);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM torrents")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 7);
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn overlong_and_non_utf8_lines_are_reported(pool: PgPool) {
    let mut input = Vec::new();
    input.extend_from_slice(line(1, 1).as_bytes());
    input.extend_from_slice(b"\n\xff\xfe\n");
    input.extend_from_slice(line(2, 1).as_bytes());
    input.push(b'\n');
    let store = Store::from_pool(pool.clone());
    let options = ImportOptions {
        skip_invalid: true,
        ..ImportOptions::default()
    };
    let summary = import(&store, input.as_slice(), &options, |_| {})
        .await
        .unwrap();
    assert_eq!(summary.progress.imported, 2);
    assert_eq!(summary.progress.invalid, 1);
    assert_eq!(
        summary.invalid_samples[0].to_string(),
        "line 2: not valid UTF-8 (at byte 1)"
    );
}
