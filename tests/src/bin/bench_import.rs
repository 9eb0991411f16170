//! Import benchmark: generates N realistic torrents (seeded, reproducible), imports
//! them through `lodestone import` into a fresh database, and prints records/s and
//! bytes of PostgreSQL storage per torrent; then re-imports the same file (the
//! idempotent path), writes the first 20,000 records the naive way (one INSERT per
//! table row) as a same-run baseline, and measures job-queue claims with a million
//! pending jobs against ten thousand.
//!
//! ```text
//! cargo build --release -p lodestone -p lodestone-tests
//! target/release/bench-import --n 1000000
//! ```
//!
//! The database server is TEST_DATABASE_URL, else DATABASE_URL, else
//! postgres://postgres@127.0.0.1:5432/postgres.

use std::io::BufWriter;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use lodestone_tests::{TestDb, corpus, lodestone};

struct Args {
    n: usize,
    seed: u64,
    batch_size: Option<usize>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        n: 1_000_000,
        seed: 42,
        batch_size: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--n" => args.n = value()?.parse()?,
            "--seed" => args.seed = value()?.parse()?,
            "--batch-size" => args.batch_size = Some(value()?.parse()?),
            other => bail!("unknown argument {other} (use --n N, --seed S, --batch-size B)"),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("torrents.ndjson");

    let t = Instant::now();
    let out = std::fs::File::create(&file)?;
    corpus::write_ndjson(args.seed, args.n, BufWriter::with_capacity(1 << 20, out))?;
    let input_bytes = std::fs::metadata(&file)?.len();
    println!(
        "generated {} torrents (seed {}), {:.1} MB of NDJSON in {:.1} s",
        args.n,
        args.seed,
        input_bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let db = TestDb::create().await?;
    let store = db.connect().await?;
    store.migrate().await?;
    let empty_bytes = store.storage_bytes().await?;

    let (first, first_out) = run_import(&db, &file, dir.path(), args.batch_size).await?;
    let count = store.torrents().count().await?;
    if count != args.n as i64 {
        bail!("expected {} torrents after import, found {count}", args.n);
    }
    sqlx::query("VACUUM ANALYZE").execute(store.pool()).await?;
    let bytes = store.storage_bytes().await? - empty_bytes;
    let rate = args.n as f64 / first.as_secs_f64();
    println!("lodestone import: {}", first_out.trim());
    println!(
        "import: {} records in {:.2} s = {:.0} records/s (bitmagnet's documented rate: ~2,500/s, ratio {:.1}x)",
        args.n,
        first.as_secs_f64(),
        rate,
        rate / 2500.0
    );
    println!(
        "storage: {:.1} MB in PostgreSQL = {:.0} bytes per torrent (goal <= 3000; bitmagnet ~8000)",
        bytes as f64 / 1e6,
        bytes as f64 / args.n as f64
    );
    for (table, size) in table_sizes(&store).await? {
        println!(
            "  {table:<18} {:>8.1} MB  {:>6.0} B/torrent",
            size as f64 / 1e6,
            size as f64 / args.n as f64
        );
    }

    let (again, again_out) = run_import(&db, &file, dir.path(), args.batch_size).await?;
    let count_again = store.torrents().count().await?;
    println!("re-import: {}", again_out.trim());
    println!(
        "re-import: {:.2} s = {:.0} records/s, torrents {count} -> {count_again} (idempotent: {})",
        again.as_secs_f64(),
        args.n as f64 / again.as_secs_f64(),
        count == count_again
    );

    let baseline_n = args.n.min(20_000);
    let baseline = row_at_a_time_baseline(&file, baseline_n).await?;
    let baseline_rate = baseline_n as f64 / baseline.as_secs_f64();
    println!(
        "baseline, same run: one INSERT per row (same schema, {baseline_n} records, commit per 1,000): \
         {baseline_rate:.0} records/s; lodestone import is {:.1}x faster",
        rate / baseline_rate
    );

    queue_benchmark(&store).await?;
    store.close().await;
    Ok(())
}

/// The first `n` records written the naive way into a fresh database: one INSERT per
/// table row, one transaction per 1,000 records.
async fn row_at_a_time_baseline(file: &std::path::Path, n: usize) -> anyhow::Result<Duration> {
    use std::io::BufRead;
    let db = TestDb::create().await?;
    let store = db.connect().await?;
    store.migrate().await?;
    let reader = std::io::BufReader::new(std::fs::File::open(file)?);
    let mut records = Vec::with_capacity(n);
    for (i, line) in reader.lines().take(n).enumerate() {
        records.push(lodestone_import::record::parse_line(
            &line?,
            i as u64 + 1,
            "bench",
        )?);
    }
    let t = Instant::now();
    for chunk in records.chunks(1000) {
        let mut tx = store.pool().begin().await?;
        for r in chunk {
            let hash = r.info_hash.as_bytes().as_slice();
            sqlx::query(
                "INSERT INTO torrents (info_hash, name, size, private, files_count) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(hash)
            .bind(&r.name)
            .bind(r.size)
            .bind(r.private)
            .bind(r.files.as_ref().map(|f| f.len() as i32))
            .execute(&mut *tx)
            .await?;
            if let Some(files) = &r.files {
                let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
                let sizes: Vec<i64> = files.iter().map(|f| f.size).collect();
                sqlx::query(
                    "INSERT INTO torrent_files (info_hash, paths, sizes) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(hash)
                .bind(&paths)
                .bind(&sizes)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("INSERT INTO sources (key, name) VALUES ($1, $1) ON CONFLICT DO NOTHING")
                .bind(&r.source.key)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO torrent_sources (info_hash, source, seeders, leechers, published_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(hash)
            .bind(&r.source.key)
            .bind(r.source.seeders)
            .bind(r.source.leechers)
            .bind(r.source.published_at)
            .execute(&mut *tx)
            .await?;
            if let Some(h) = &r.hints {
                sqlx::query(
                    "INSERT INTO torrent_hints (info_hash, content_type, content_source, content_id) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(hash)
                .bind(h.content_type.map(|c| c.as_str()))
                .bind(&h.content_source)
                .bind(&h.content_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let hashes: Vec<String> = chunk.iter().map(|r| r.info_hash.to_hex()).collect();
        sqlx::query("INSERT INTO jobs (queue, payload) VALUES ('classify', $1)")
            .bind(serde_json::json!({ "info_hashes": hashes }))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let elapsed = t.elapsed();
    store.close().await;
    Ok(elapsed)
}

async fn run_import(
    db: &TestDb,
    file: &std::path::Path,
    data_dir: &std::path::Path,
    batch_size: Option<usize>,
) -> anyhow::Result<(Duration, String)> {
    let mut cmd = lodestone();
    cmd.env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .arg("--data-dir")
        .arg(data_dir)
        .arg("import")
        .arg("--source")
        .arg("bench");
    if let Some(b) = batch_size {
        cmd.arg("--batch-size").arg(b.to_string());
    }
    cmd.arg(file);
    let t = Instant::now();
    let out = cmd.output().await?;
    let elapsed = t.elapsed();
    if !out.status.success() {
        bail!(
            "lodestone import failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((elapsed, String::from_utf8_lossy(&out.stdout).into_owned()))
}

async fn table_sizes(store: &lodestone_store::Store) -> anyhow::Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT c.relname::text, pg_total_relation_size(c.oid) FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind = 'r' AND pg_total_relation_size(c.oid) > 65536 \
         ORDER BY 2 DESC",
    )
    .fetch_all(store.pool())
    .await?)
}

/// Claim-and-complete latency of 10 jobs with `pending` jobs waiting.
async fn claim_latency(store: &lodestone_store::Store, pending: i64) -> anyhow::Result<Duration> {
    sqlx::query("DELETE FROM jobs WHERE queue = 'bench'")
        .execute(store.pool())
        .await?;
    sqlx::query(
        "INSERT INTO jobs (queue, payload, priority) \
         SELECT 'bench', jsonb_build_object('n', g), (g % 3)::int2 FROM generate_series(1, $1) g",
    )
    .bind(pending)
    .execute(store.pool())
    .await?;
    sqlx::query("VACUUM ANALYZE jobs")
        .execute(store.pool())
        .await?;
    let queue = store.jobs();
    // Warm up, then measure.
    for _ in 0..20 {
        for job in queue.claim("bench", 10, Duration::from_secs(60)).await? {
            queue.complete(&job).await?;
        }
    }
    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        let jobs = queue.claim("bench", 10, Duration::from_secs(60)).await?;
        if jobs.len() != 10 {
            bail!("claimed {} jobs, expected 10", jobs.len());
        }
        for job in jobs {
            queue.complete(&job).await?;
        }
    }
    Ok(t.elapsed() / rounds)
}

async fn queue_benchmark(store: &lodestone_store::Store) -> anyhow::Result<()> {
    let small = claim_latency(store, 10_000).await?;
    let large = claim_latency(store, 1_000_000).await?;
    println!(
        "queue: claim+complete 10 jobs: {:.2} ms with 10,000 pending, {:.2} ms with 1,000,000 pending (ratio {:.2})",
        small.as_secs_f64() * 1e3,
        large.as_secs_f64() * 1e3,
        large.as_secs_f64() / small.as_secs_f64()
    );
    sqlx::query("DELETE FROM jobs WHERE queue = 'bench'")
        .execute(store.pool())
        .await?;
    Ok(())
}
