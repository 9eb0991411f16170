//! Search benchmark: loads N realistic torrents (the corpus generator, seeded) into a
//! fresh database, builds Lodestone's tantivy index, and runs a fixed mix of queries
//! (single words, several words, phrases, filtered by type and year, ordered by
//! seeders, with facet counts) through Lodestone's search; then, in the same run on
//! the same data, through a PostgreSQL full-text baseline built the way bitmagnet does
//! it (a weighted `tsvector`, a GIN index, `ts_rank_cd` ordering, `COUNT(*)` totals and
//! `GROUP BY` counts for facets). Prints p50/p95/p99 of both, their ratio, and index
//! size per torrent. Lodestone's totals and facet counts are exact, and checked equal
//! to the baseline's on every query.
//!
//! ```text
//! cargo build --release -p lodestone-tests --bin bench-search
//! target/release/bench-search --n 1000000
//! ```
//!
//! Classification is a later stage (the classifier issue), so the benchmark labels each
//! torrent the way that stage will: content type from the generator's ground truth,
//! year and resolution from the name. Both systems index the same labels.
//!
//! The database server is TEST_DATABASE_URL, else DATABASE_URL, else
//! postgres://postgres@127.0.0.1:5432/postgres.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use lodestone_proto::{ContentType, InfoHash};
use lodestone_search::{Facet, Order, OrderField, Search, SearchOptions, SearchRequest};
use lodestone_store::Store;
use lodestone_store::torrents::{NewFile, NewTorrent, SourceObservation, TorrentHints};
use lodestone_tests::TestDb;
use lodestone_tests::corpus::{ContentKind, CorpusGenerator, GeneratedTorrent};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

struct Args {
    n: usize,
    seed: u64,
    runs: usize,
    baseline_runs: usize,
    /// Skip the PostgreSQL baseline (for runs at sizes where it takes hours).
    no_baseline: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        n: 1_000_000,
        seed: 42,
        runs: 5,
        baseline_runs: 2,
        no_baseline: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--n" => args.n = value()?.parse()?,
            "--seed" => args.seed = value()?.parse()?,
            "--runs" => args.runs = value()?.parse()?,
            "--baseline-runs" => args.baseline_runs = value()?.parse()?,
            "--no-baseline" => args.no_baseline = true,
            other => bail!(
                "unknown argument {other} (use --n N, --seed S, --runs R, --baseline-runs R, \
                 --no-baseline)"
            ),
        }
    }
    Ok(args)
}

fn content_type(kind: ContentKind) -> ContentType {
    kind.as_str().parse().unwrap_or(ContentType::Unknown)
}

/// What the classifier will find in a name: a year and a resolution.
fn label(name: &str) -> (Option<i16>, Option<String>) {
    let mut year = None;
    let mut res = None;
    for token in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        if year.is_none()
            && token.len() == 4
            && let Ok(y) = token.parse::<i16>()
            && (1900..=2030).contains(&y)
        {
            year = Some(y);
        }
        let lower = token.to_ascii_lowercase();
        if res.is_none() && ["480p", "720p", "1080p", "2160p"].contains(&lower.as_str()) {
            res = Some(lower);
        }
    }
    (year, res)
}

fn to_new(t: &GeneratedTorrent) -> NewTorrent {
    let (year, res) = label(&t.name);
    let kind = content_type(t.kind);
    NewTorrent {
        info_hash: InfoHash::from_bytes(&t.info_hash).expect("20 bytes"),
        name: t.name.clone(),
        size: t.size as i64,
        private: false,
        files: Some(
            t.files
                .iter()
                .map(|(p, s)| NewFile {
                    path: p.clone(),
                    size: *s as i64,
                })
                .collect(),
        ),
        source: SourceObservation {
            key: "import".into(),
            seeders: t.seeders.map(|s| s as i32),
            leechers: t.leechers.map(|s| s as i32),
            published_at: Some(t.published_at),
        },
        hints: Some(TorrentHints {
            content_type: (kind != ContentType::Unknown).then_some(kind),
            content_source: t.content_source.map(str::to_string),
            content_id: t.content_id.clone(),
            release_year: year,
            video_resolution: res,
            ..TorrentHints::default()
        }),
    }
}

#[derive(Debug, Clone)]
enum Kind {
    Word,
    Words,
    Phrase,
    TypeYear,
    BySeeders,
    Facets,
    /// One of the most frequent words in the corpus, with three facet counts: the
    /// heaviest kind of query (hundreds of thousands of matches to count).
    Frequent,
    /// No words: the newest torrents with facet counts over everything (a front page,
    /// a Torznab RSS poll).
    Newest,
}

#[derive(Debug, Clone)]
struct BenchQuery {
    kind: Kind,
    /// The words, as typed.
    text: String,
}

impl BenchQuery {
    fn lodestone(&self) -> SearchRequest {
        let mut r = SearchRequest {
            limit: 20,
            ..SearchRequest::default()
        };
        match self.kind {
            Kind::Word | Kind::Words => r.query = self.text.clone(),
            Kind::Phrase => r.query = format!("\"{}\"", self.text),
            Kind::TypeYear => r.query = format!("{} type:movie year:>2010", self.text),
            Kind::BySeeders => {
                r.query = self.text.clone();
                r.order = Order::desc(OrderField::Seeders);
            }
            Kind::Facets => {
                r.query = self.text.clone();
                r.facets = vec![Facet::ContentType, Facet::Year];
            }
            Kind::Frequent | Kind::Newest => {
                r.query = self.text.clone();
                r.facets = vec![Facet::ContentType, Facet::Year, Facet::Resolution];
            }
        }
        r
    }
}

/// Words of at least three letters from names drawn from the corpus itself, so every
/// query matches something.
fn query_mix(sample: &[GeneratedTorrent], seed: u64) -> Vec<BenchQuery> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let words_of = |t: &GeneratedTorrent| -> Vec<String> {
        t.name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect()
    };
    let mut out = Vec::new();
    // The most frequent words of the sample's names.
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in sample {
        for w in words_of(t) {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut frequent: Vec<(String, usize)> = counts.into_iter().collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (word, _) in frequent.into_iter().take(3) {
        out.push(BenchQuery {
            kind: Kind::Frequent,
            text: word,
        });
    }
    out.push(BenchQuery {
        kind: Kind::Newest,
        text: String::new(),
    });
    let plan: [(Kind, usize); 6] = [
        (Kind::Word, 8),
        (Kind::Words, 6),
        (Kind::Phrase, 4),
        (Kind::TypeYear, 4),
        (Kind::BySeeders, 4),
        (Kind::Facets, 4),
    ];
    for (kind, count) in plan {
        let mut made = 0;
        while made < count {
            let t = &sample[rng.random_range(0..sample.len())];
            if matches!(kind, Kind::TypeYear) && t.kind != ContentKind::Movie {
                continue;
            }
            let words = words_of(t);
            let text = match kind {
                Kind::Frequent | Kind::Newest => unreachable!("not drawn"),
                Kind::Word | Kind::BySeeders | Kind::Facets | Kind::TypeYear => {
                    match words.choose(&mut rng) {
                        Some(w) => w.clone(),
                        None => continue,
                    }
                }
                Kind::Words | Kind::Phrase => {
                    if words.len() < 2 {
                        continue;
                    }
                    let i = rng.random_range(0..words.len() - 1);
                    format!("{} {}", words[i], words[i + 1])
                }
            };
            out.push(BenchQuery {
                kind: kind.clone(),
                text,
            });
            made += 1;
        }
    }
    out
}

/// The bitmagnet-style baseline: one row per torrent with a weighted tsvector.
async fn build_baseline(store: &Store) -> anyhow::Result<()> {
    let pool = store.pool();
    sqlx::query(
        "CREATE TABLE baseline_search AS \
         SELECT t.info_hash, t.name, h.content_type, h.release_year, h.video_resolution AS resolution, \
           s.seeders, s.published_at, \
           setweight(to_tsvector('simple', coalesce(h.title, '')), 'A') || \
           setweight(to_tsvector('simple', regexp_replace(t.name, '[._\\-\\[\\]()]+', ' ', 'g')), 'B') || \
           setweight(to_tsvector('simple', regexp_replace(coalesce(array_to_string(f.paths[1:100], ' '), ''), '[._/\\-\\[\\]()]+', ' ', 'g')), 'D') AS tsv \
         FROM torrents t \
         LEFT JOIN torrent_hints h ON h.info_hash = t.info_hash \
         LEFT JOIN torrent_sources s ON s.info_hash = t.info_hash \
         LEFT JOIN torrent_files f ON f.info_hash = t.info_hash",
    )
    .execute(pool)
    .await?;
    for ddl in [
        "ALTER TABLE baseline_search ADD PRIMARY KEY (info_hash)",
        "CREATE INDEX baseline_tsv ON baseline_search USING gin (tsv)",
        "CREATE INDEX baseline_type ON baseline_search (content_type)",
        "CREATE INDEX baseline_year ON baseline_search (release_year)",
        "CREATE INDEX baseline_seeders ON baseline_search (seeders)",
        "CREATE INDEX baseline_published ON baseline_search (published_at)",
        "VACUUM ANALYZE baseline_search",
    ] {
        sqlx::query(ddl).execute(pool).await?;
    }
    Ok(())
}

struct BaselineResult {
    total: i64,
    first: Vec<Vec<u8>>,
}

async fn baseline(store: &Store, q: &BenchQuery) -> anyhow::Result<BaselineResult> {
    let pool = store.pool();
    let facets: &[&str] = match q.kind {
        Kind::Facets => &["content_type", "release_year"],
        Kind::Frequent | Kind::Newest => &["content_type", "release_year", "resolution"],
        _ => &[],
    };
    let (tsquery, extra, order) = match q.kind {
        Kind::Newest => ("NULL", "", "published_at DESC NULLS LAST"),
        Kind::Word | Kind::Words | Kind::Facets | Kind::Frequent => (
            "plainto_tsquery('simple', $1)",
            "",
            "ts_rank_cd(tsv, q) DESC",
        ),
        Kind::Phrase => (
            "phraseto_tsquery('simple', $1)",
            "",
            "ts_rank_cd(tsv, q) DESC",
        ),
        Kind::TypeYear => (
            "plainto_tsquery('simple', $1)",
            "AND content_type = 'movie' AND release_year > 2010",
            "ts_rank_cd(tsv, q) DESC",
        ),
        Kind::BySeeders => (
            "plainto_tsquery('simple', $1)",
            "",
            "seeders DESC NULLS LAST",
        ),
    };
    let from = if matches!(q.kind, Kind::Newest) {
        // Everything; $1 is bound but unused.
        "FROM baseline_search WHERE $1::text IS NOT NULL".to_string()
    } else {
        format!("FROM baseline_search, {tsquery} AS q WHERE tsv @@ q {extra}")
    };
    let first: Vec<Vec<u8>> = sqlx::query_scalar(&format!(
        "SELECT info_hash {from} ORDER BY {order} LIMIT 20"
    ))
    .bind(&q.text)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {from}"))
        .bind(&q.text)
        .fetch_one(pool)
        .await?;
    {
        for column in facets {
            let _: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
                "SELECT {column}::text, count(*) {from} GROUP BY 1"
            ))
            .bind(&q.text)
            .fetch_all(pool)
            .await?;
        }
    }
    Ok(BaselineResult { total, first })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let db = TestDb::create().await?;
    let store = db.connect().await?;
    store.migrate().await?;

    // Load.
    let t = Instant::now();
    let mut sample = Vec::new();
    let mut batch = Vec::with_capacity(2000);
    for (i, g) in CorpusGenerator::new(args.seed).take(args.n).enumerate() {
        if i % (args.n / 2000).max(1) == 0 {
            sample.push(g.clone());
        }
        batch.push(to_new(&g));
        if batch.len() == 2000 {
            store.torrents().write_batch(&batch).await?;
            batch.clear();
        }
    }
    store.torrents().write_batch(&batch).await?;
    sqlx::query("VACUUM ANALYZE").execute(store.pool()).await?;
    println!(
        "loaded {} torrents (seed {}) in {:.1} s",
        args.n,
        args.seed,
        t.elapsed().as_secs_f64()
    );

    // Lodestone's index.
    let dir = tempfile::tempdir()?;
    let index_dir = dir.path().join("index");
    let (search, mut indexer) = Search::open(store.clone(), SearchOptions::new(&index_dir)).await?;
    let t = Instant::now();
    let indexed = indexer.rebuild(&mut |_| {}).await?;
    let build = t.elapsed();
    let index_bytes = search.disk_bytes();
    println!(
        "lodestone index: {indexed} documents in {:.1} s ({:.0} docs/s), {:.1} MB = {:.0} bytes/torrent",
        build.as_secs_f64(),
        indexed as f64 / build.as_secs_f64(),
        index_bytes as f64 / 1e6,
        index_bytes as f64 / args.n as f64
    );

    // The baseline.
    let baseline_on = !args.no_baseline;
    let t = Instant::now();
    if baseline_on {
        build_baseline(&store).await?;
    }
    if baseline_on {
        let baseline_bytes: i64 = sqlx::query_scalar(
        "SELECT pg_total_relation_size('baseline_search') - pg_relation_size('baseline_search')",
    )
    .fetch_one(store.pool())
    .await?;
        let tsv_bytes: i64 =
            sqlx::query_scalar("SELECT sum(pg_column_size(tsv))::int8 FROM baseline_search")
                .fetch_one(store.pool())
                .await?;
        println!(
            "baseline (tsvector + GIN): built in {:.1} s, {:.0} bytes/torrent (tsvector column + indexes)",
            t.elapsed().as_secs_f64(),
            (baseline_bytes + tsv_bytes) as f64 / args.n as f64
        );
    }

    let queries = query_mix(&sample, args.seed);

    // Warm both, and check that they agree on totals.
    let mut mismatches = 0;
    for q in &queries {
        let ours = search.search_blocking(&q.lodestone())?;
        if !baseline_on {
            continue;
        }
        let theirs = baseline(&store, q).await?;
        if ours.total as i64 != theirs.total {
            mismatches += 1;
            println!(
                "  note: {:?} {:?}: lodestone {} vs baseline {} matches",
                q.kind, q.text, ours.total, theirs.total
            );
        }
        let _ = theirs.first;
    }

    let mut ours = Vec::new();
    let mut by_kind: Vec<(String, Vec<Duration>)> = Vec::new();
    for _ in 0..args.runs {
        for q in &queries {
            let t = Instant::now();
            let r = search.search_blocking(&q.lodestone())?;
            let d = t.elapsed();
            std::hint::black_box(r);
            ours.push(d);
            let key = format!("{:?}", q.kind);
            match by_kind.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(d),
                None => by_kind.push((key, vec![d])),
            }
        }
    }
    let mut theirs = Vec::new();
    for _ in 0..if baseline_on { args.baseline_runs } else { 0 } {
        for q in &queries {
            let t = Instant::now();
            let r = baseline(&store, q).await?;
            theirs.push(t.elapsed());
            std::hint::black_box(r.total);
        }
    }
    // Hydrating a page from PostgreSQL is the same for both; shown apart.
    let mut hydrate = Vec::new();
    for q in &queries {
        let r = search.search_blocking(&q.lodestone())?;
        let hashes: Vec<InfoHash> = r.hits.iter().map(|h| h.info_hash).collect();
        let t = Instant::now();
        store.search_feed().summaries(&hashes).await?;
        hydrate.push(t.elapsed());
    }
    ours.sort();
    theirs.sort();
    hydrate.sort();
    println!(
        "query mix: {} queries (8 single words, 6 multi-word, 4 phrases, 4 type+year filters, 4 by seeders, 4 with 2 facet counts, 3 of the most frequent words and 1 newest-first without words, both with 3 facet counts); lodestone {} runs, baseline {} runs",
        queries.len(),
        args.runs,
        args.baseline_runs
    );
    for (kind, mut v) in by_kind {
        v.sort();
        println!(
            "  lodestone {kind:<10} p50 {:>7.2} ms  p99 {:>7.2} ms",
            ms(percentile(&v, 50.0)),
            ms(percentile(&v, 99.0))
        );
    }
    println!(
        "lodestone (exact totals + facets): p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms",
        ms(percentile(&ours, 50.0)),
        ms(percentile(&ours, 95.0)),
        ms(percentile(&ours, 99.0))
    );
    if !baseline_on {
        println!("baseline skipped (--no-baseline)");
        return Ok(());
    }
    println!(
        "baseline (tsvector/GIN, ts_rank_cd, COUNT(*)): p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms",
        ms(percentile(&theirs, 50.0)),
        ms(percentile(&theirs, 95.0)),
        ms(percentile(&theirs, 99.0))
    );
    println!(
        "ratio baseline/lodestone: p50 {:.1}x  p95 {:.1}x  p99 {:.1}x",
        ms(percentile(&theirs, 50.0)) / ms(percentile(&ours, 50.0)),
        ms(percentile(&theirs, 95.0)) / ms(percentile(&ours, 95.0)),
        ms(percentile(&theirs, 99.0)) / ms(percentile(&ours, 99.0)),
    );
    println!(
        "page hydration from PostgreSQL (20 rows, same for both): p50 {:.2} ms",
        ms(percentile(&hydrate, 50.0))
    );
    println!(
        "totals that differ between the two (tokenization differences): {mismatches} of {}",
        queries.len()
    );
    Ok(())
}
