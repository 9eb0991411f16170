//! The durable job queue against the real PostgreSQL (one database per test).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lodestone_store::Store;
use lodestone_store::jobs::{FailOutcome, NewJob, WorkerOptions, run_worker};
use serde_json::json;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

async fn status_counts(pool: &PgPool) -> HashMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>("SELECT status, count(*) FROM jobs GROUP BY status")
        .fetch_all(pool)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn concurrent_workers_run_every_job_exactly_once(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    let total = 3000i64;
    sqlx::query(
        "INSERT INTO jobs (queue, payload, priority) \
         SELECT 'q', jsonb_build_object('n', g), (g % 4)::int2 FROM generate_series(1, $1) g",
    )
    .bind(total)
    .execute(&pool)
    .await
    .unwrap();

    let runs: Arc<Mutex<HashMap<i64, u32>>> = Arc::default();
    let mut workers = Vec::new();
    for _ in 0..8 {
        let (queue, runs) = (store.jobs(), runs.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let jobs = queue.claim("q", 7, Duration::from_secs(60)).await.unwrap();
                if jobs.is_empty() {
                    return;
                }
                for job in jobs {
                    *runs
                        .lock()
                        .unwrap()
                        .entry(job.payload["n"].as_i64().unwrap())
                        .or_default() += 1;
                    assert!(queue.complete(&job).await.unwrap());
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    let runs = runs.lock().unwrap().clone();
    assert_eq!(runs.len() as i64, total, "every job ran");
    assert!(runs.values().all(|&n| n == 1), "no job ran twice");
    assert!(
        status_counts(&pool).await.is_empty(),
        "finished jobs are deleted"
    );
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn claims_skip_future_and_other_queues(pool: PgPool) {
    let queue = Store::from_pool(pool).jobs();
    for (n, priority) in [(1, 0), (2, 5), (3, 0), (4, 5)] {
        let mut job = NewJob::new("q", json!({ "n": n }));
        job.priority = priority;
        queue.enqueue(&job).await.unwrap();
    }
    let mut later = NewJob::new("q", json!({ "n": 5 }));
    later.priority = 9;
    later.run_at = Some(time::OffsetDateTime::now_utc() + time::Duration::hours(1));
    queue.enqueue(&later).await.unwrap();
    queue
        .enqueue(&NewJob::new("other", json!({ "n": 6 })))
        .await
        .unwrap();

    let order: Vec<i64> = queue
        .claim("q", 10, Duration::from_secs(60))
        .await
        .unwrap()
        .iter()
        .map(|j| j.payload["n"].as_i64().unwrap())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![1, 2, 3, 4],
        "future and other-queue jobs are not claimed"
    );
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn claim_order_is_priority_then_age(pool: PgPool) {
    let queue = Store::from_pool(pool).jobs();
    for (n, priority) in [(1, 0), (2, 5), (3, 0), (4, 5)] {
        let mut job = NewJob::new("q", json!({ "n": n }));
        job.priority = priority;
        queue.enqueue(&job).await.unwrap();
    }
    let mut order = Vec::new();
    while let Some(job) = queue
        .claim("q", 1, Duration::from_secs(60))
        .await
        .unwrap()
        .pop()
    {
        order.push(job.payload["n"].as_i64().unwrap());
    }
    assert_eq!(order, vec![2, 4, 1, 3]);
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn expired_leases_are_reclaimed_and_stale_workers_fenced(pool: PgPool) {
    let queue = Store::from_pool(pool.clone()).jobs();
    queue.enqueue(&NewJob::new("q", json!({}))).await.unwrap();
    let dead = queue
        .claim("q", 1, Duration::from_millis(50))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert!(
        queue
            .claim("q", 1, Duration::from_secs(60))
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(queue.reclaim_expired().await.unwrap(), 1);
    let alive = queue
        .claim("q", 1, Duration::from_secs(60))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(alive.id, dead.id);
    assert_eq!(alive.attempts, 2);
    assert!(
        !queue.complete(&dead).await.unwrap(),
        "the dead worker's attempt is fenced off"
    );
    assert_eq!(
        queue.fail(&dead, "late", Duration::ZERO).await.unwrap(),
        FailOutcome::Lost
    );
    assert!(queue.complete(&alive).await.unwrap());
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn failures_retry_then_fail_for_good(pool: PgPool) {
    let queue = Store::from_pool(pool.clone()).jobs();
    let mut job = NewJob::new("q", json!({}));
    job.max_attempts = 2;
    queue.enqueue(&job).await.unwrap();
    let first = queue
        .claim("q", 1, Duration::from_secs(60))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        queue
            .fail(&first, "boom 1", Duration::from_secs(3600))
            .await
            .unwrap(),
        FailOutcome::Retrying
    );
    assert!(
        queue
            .claim("q", 1, Duration::from_secs(60))
            .await
            .unwrap()
            .is_empty(),
        "backing off"
    );
    sqlx::query("UPDATE jobs SET run_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    let second = queue
        .claim("q", 1, Duration::from_secs(60))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        queue.fail(&second, "boom 2", Duration::ZERO).await.unwrap(),
        FailOutcome::Failed
    );
    let (status, error): (String, String) = sqlx::query_as("SELECT status, last_error FROM jobs")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((status.as_str(), error.as_str()), ("failed", "boom 2"));
    let counts = queue.counts().await.unwrap();
    assert_eq!((counts[0].pending, counts[0].failed), (0, 1));
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn worker_runs_notified_and_unnotified_jobs(pool: PgPool) {
    let queue = Store::from_pool(pool.clone()).jobs();
    let done: Arc<Mutex<Vec<i64>>> = Arc::default();
    let cancel = CancellationToken::new();
    let mut options = WorkerOptions::new("q");
    options.poll = Duration::from_millis(300);
    let worker = {
        let done = done.clone();
        tokio::spawn(run_worker(
            queue.clone(),
            options,
            move |job| {
                let done = done.clone();
                async move {
                    let n = job.payload["n"].as_i64().unwrap();
                    if n == 3 && job.attempts == 1 {
                        return Err("first attempt fails".to_string());
                    }
                    done.lock().unwrap().push(n);
                    Ok(())
                }
            },
            cancel.clone(),
        ))
    };
    // Notified through enqueue.
    queue
        .enqueue(&NewJob::new("q", json!({ "n": 1 })))
        .await
        .unwrap();
    // Inserted behind the queue's back: no notification; the poll must find it.
    sqlx::query("INSERT INTO jobs (queue, payload) VALUES ('q', '{\"n\": 2}')")
        .execute(&pool)
        .await
        .unwrap();
    // Fails once, retried after the backoff.
    queue
        .enqueue(&NewJob::new("q", json!({ "n": 3 })))
        .await
        .unwrap();
    sqlx::query("UPDATE jobs SET max_attempts = 3")
        .execute(&pool)
        .await
        .unwrap();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        // The failed job waits out its backoff (30 s by default); bring it forward.
        sqlx::query("UPDATE jobs SET run_at = now() WHERE status = 'pending'")
            .execute(&pool)
            .await
            .unwrap();
        if done.lock().unwrap().len() == 3 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "worker did not finish: {:?}",
            done.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    cancel.cancel();
    worker.await.unwrap().unwrap();
    let mut done = done.lock().unwrap().clone();
    done.sort();
    assert_eq!(done, vec![1, 2, 3]);
    assert!(status_counts(&pool).await.is_empty());
}

/// The claim reads only the rows it takes: with many pending jobs, the index scan of
/// `jobs_fetch` returns `limit` rows and nothing is sorted.
#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn claim_does_not_scan_pending_jobs(pool: PgPool) {
    sqlx::query(
        "INSERT INTO jobs (queue, payload, priority) \
         SELECT 'q', '{}', (g % 3)::int2 FROM generate_series(1, 200000) g",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("VACUUM ANALYZE jobs")
        .execute(&pool)
        .await
        .unwrap();
    let plan: serde_json::Value = sqlx::query_scalar(
        "EXPLAIN (ANALYZE, FORMAT JSON) \
         SELECT id FROM jobs WHERE queue = 'q' AND status = 'pending' AND run_at <= now() \
         ORDER BY priority DESC, run_at, id LIMIT 10 FOR UPDATE SKIP LOCKED",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let text = plan.to_string();
    assert!(
        text.contains("jobs_fetch"),
        "claim does not use the jobs_fetch index: {text}"
    );
    assert!(
        !text.contains("\"Sort\""),
        "claim sorts pending jobs: {text}"
    );
    fn max_rows(node: &serde_json::Value) -> f64 {
        let own = node["Actual Rows"].as_f64().unwrap_or(0.0);
        let children = node["Plans"]
            .as_array()
            .map(|p| p.iter().map(max_rows).fold(0.0, f64::max))
            .unwrap_or(0.0);
        own.max(children)
    }
    let rows = max_rows(&plan[0]["Plan"]);
    assert!(
        rows <= 10.0,
        "a plan node read {rows} rows to claim 10: {text}"
    );
}
