//! The durable job queue.
//!
//! A job is a row in `jobs`. Workers claim jobs with one statement that selects due
//! pending rows `FOR UPDATE SKIP LOCKED` through the partial index `jobs_fetch` (whose
//! order is the claim order, so a claim reads only what it takes however many jobs
//! are pending) and marks them running with a lease. Finishing deletes the row;
//! failing puts it back with a delay, or marks it failed after `max_attempts`. A
//! worker that dies leaves its jobs running until their lease expires, after which
//! [`JobQueue::reclaim_expired`] puts them back.
//!
//! Enqueuing notifies `lodestone_jobs` (delivered on commit). Workers wait on that
//! notification *or* a poll interval, whichever comes first: a missed notification
//! delays a job by at most one interval and never stalls the queue.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use sqlx::postgres::PgListener;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::Result;

/// The channel `NOTIFY`ed when jobs are enqueued; the payload is the queue name.
pub const NOTIFY_CHANNEL: &str = "lodestone_jobs";

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub queue: String,
    pub payload: Value,
    pub priority: i16,
    pub max_attempts: i32,
    pub run_at: Option<OffsetDateTime>,
}

impl NewJob {
    pub fn new(queue: impl Into<String>, payload: Value) -> Self {
        Self {
            queue: queue.into(),
            payload,
            priority: 0,
            max_attempts: 5,
            run_at: None,
        }
    }
}

/// A claimed job. `attempts` counts this attempt; it also fences stale workers:
/// finishing a job whose lease was reclaimed and claimed again is a no-op.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub queue: String,
    pub payload: Value,
    pub attempts: i32,
    pub max_attempts: i32,
}

/// What happened to a failed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOutcome {
    /// Back to pending, to run again after the delay.
    Retrying,
    /// No attempts left: kept with status `failed` and its last error.
    Failed,
    /// The job was not ours any more (lease expired and reclaimed).
    Lost,
}

/// Pending/running/failed counts of one queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct QueueCounts {
    pub queue: String,
    pub pending: i64,
    pub running: i64,
    pub failed: i64,
}

/// Enqueues one job on any executor (a pool, or a transaction so that the job commits
/// with the data it refers to).
pub async fn enqueue<'e>(executor: impl PgExecutor<'e>, job: &NewJob) -> Result<i64> {
    let id = sqlx::query_scalar(
        "WITH j AS (INSERT INTO jobs (queue, payload, priority, max_attempts, run_at) \
           VALUES ($1, $2, $3, $4, COALESCE($5, now())) RETURNING id) \
         SELECT id FROM j, pg_notify($6, $1)",
    )
    .bind(&job.queue)
    .bind(&job.payload)
    .bind(job.priority)
    .bind(job.max_attempts)
    .bind(job.run_at)
    .bind(NOTIFY_CHANNEL)
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Handle on the queue.
#[derive(Debug, Clone)]
pub struct JobQueue {
    pool: PgPool,
}

impl JobQueue {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn enqueue(&self, job: &NewJob) -> Result<i64> {
        enqueue(&self.pool, job).await
    }

    /// Claims up to `limit` due jobs of `queue`, highest priority first, then oldest.
    pub async fn claim(&self, queue: &str, limit: i64, lease: Duration) -> Result<Vec<Job>> {
        let jobs = sqlx::query_as::<_, Job>(
            "WITH next AS ( \
               SELECT id FROM jobs \
               WHERE queue = $1 AND status = 'pending' AND run_at <= now() \
               ORDER BY priority DESC, run_at, id \
               LIMIT $2 FOR UPDATE SKIP LOCKED) \
             UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, \
               locked_until = now() + make_interval(secs => $3), updated_at = now() \
             FROM next WHERE j.id = next.id \
             RETURNING j.id, j.queue, j.payload, j.attempts, j.max_attempts",
        )
        .bind(queue)
        .bind(limit)
        .bind(lease.as_secs_f64())
        .fetch_all(&self.pool)
        .await?;
        Ok(jobs)
    }

    /// Marks a claimed job done (deletes it). False if the job was not ours any more.
    pub async fn complete(&self, job: &Job) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM jobs WHERE id = $1 AND attempts = $2 AND status = 'running'")
                .bind(job.id)
                .bind(job.attempts)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failure: retried after `retry_in`, or failed for good when no attempts
    /// are left.
    pub async fn fail(&self, job: &Job, error: &str, retry_in: Duration) -> Result<FailOutcome> {
        let status: Option<String> = sqlx::query_scalar(
            "UPDATE jobs SET \
               status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, \
               run_at = now() + make_interval(secs => $3), locked_until = NULL, \
               last_error = $4, updated_at = now() \
             WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING status",
        )
        .bind(job.id)
        .bind(job.attempts)
        .bind(retry_in.as_secs_f64())
        .bind(error)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match status.as_deref() {
            Some("pending") => FailOutcome::Retrying,
            Some(_) => FailOutcome::Failed,
            None => FailOutcome::Lost,
        })
    }

    /// Extends the lease of a long-running job. False if the job was not ours any more.
    pub async fn extend_lease(&self, job: &Job, lease: Duration) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE jobs SET locked_until = now() + make_interval(secs => $3) \
             WHERE id = $1 AND attempts = $2 AND status = 'running'",
        )
        .bind(job.id)
        .bind(job.attempts)
        .bind(lease.as_secs_f64())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Puts the jobs of dead workers (lease expired) back to pending, or fails them
    /// when they used their last attempt. Returns how many were reclaimed.
    pub async fn reclaim_expired(&self) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE jobs SET \
               status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END, \
               locked_until = NULL, last_error = 'lease expired', updated_at = now() \
             WHERE status = 'running' AND locked_until < now()",
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Counts per queue. Counting pending jobs reads the partial index: fine for
    /// `/status` and tools, not for hot paths.
    pub async fn counts(&self) -> Result<Vec<QueueCounts>> {
        Ok(sqlx::query_as::<_, QueueCounts>(
            "SELECT queue, count(*) FILTER (WHERE status = 'pending') AS pending, \
               count(*) FILTER (WHERE status = 'running') AS running, \
               count(*) FILTER (WHERE status = 'failed') AS failed \
             FROM jobs GROUP BY queue ORDER BY queue",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Waits until a job may be available on `queue`: a notification for it, or
    /// `poll` elapsed. Returns a waiter that keeps its LISTEN connection between calls.
    pub async fn waiter(&self) -> Result<JobWaiter> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen(NOTIFY_CHANNEL).await?;
        Ok(JobWaiter { listener })
    }
}

/// A LISTEN connection on [`NOTIFY_CHANNEL`].
#[derive(Debug)]
pub struct JobWaiter {
    listener: PgListener,
}

impl JobWaiter {
    /// Returns when a job was enqueued on `queue`, or after `poll`. Errors of the
    /// listener connection are logged and turned into a plain poll: the caller claims
    /// either way, so nothing waits on a broken connection.
    pub async fn wait(&mut self, queue: &str, poll: Duration) {
        let deadline = tokio::time::Instant::now() + poll;
        loop {
            match tokio::time::timeout_at(deadline, self.listener.recv()).await {
                Err(_) => return,
                Ok(Ok(n)) if n.payload() == queue => return,
                Ok(Ok(_)) => continue,
                Ok(Err(e)) => {
                    tracing::debug!(error = %e, "job listener error; polling");
                    tokio::time::sleep_until(deadline).await;
                    return;
                }
            }
        }
    }
}

/// How a worker runs a queue.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub queue: String,
    /// Jobs run at once.
    pub concurrency: usize,
    pub lease: Duration,
    /// Longest wait between claims when no notification arrives.
    pub poll: Duration,
    /// Delay before a failed job runs again (multiplied by the attempt number).
    pub retry_backoff: Duration,
}

impl WorkerOptions {
    pub fn new(queue: impl Into<String>) -> Self {
        Self {
            queue: queue.into(),
            concurrency: 2,
            lease: Duration::from_secs(300),
            poll: Duration::from_secs(5),
            retry_backoff: Duration::from_secs(30),
        }
    }
}

/// Runs jobs of one queue until `cancel` fires: claims as many as there are free
/// slots, runs each with `handler`, completes or fails it. Jobs in flight when
/// cancelled finish first.
pub async fn run_worker<H, F>(
    queue: JobQueue,
    options: WorkerOptions,
    handler: H,
    cancel: CancellationToken,
) -> Result<()>
where
    H: Fn(Job) -> F + Send + Sync + 'static,
    F: Future<Output = std::result::Result<(), String>> + Send + 'static,
{
    let handler = Arc::new(handler);
    let slots = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut waiter = queue.waiter().await?;
    let mut tasks = tokio::task::JoinSet::new();
    while !cancel.is_cancelled() {
        queue.reclaim_expired().await?;
        let free = slots.available_permits() as i64;
        let jobs = if free > 0 {
            queue.claim(&options.queue, free, options.lease).await?
        } else {
            Vec::new()
        };
        let claimed_any = !jobs.is_empty();
        for job in jobs {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            let (queue, handler, backoff) = (queue.clone(), handler.clone(), options.retry_backoff);
            tasks.spawn(async move {
                let _permit = permit;
                let outcome = handler(job.clone()).await;
                let result = match outcome {
                    Ok(()) => queue.complete(&job).await.map(|_| ()),
                    Err(error) => {
                        tracing::warn!(job = job.id, queue = %job.queue, attempt = job.attempts, %error, "job failed");
                        queue
                            .fail(&job, &error, backoff * job.attempts.max(1) as u32)
                            .await
                            .map(|_| ())
                    }
                };
                if let Err(e) = result {
                    tracing::error!(job = job.id, error = %e, "cannot record job outcome; its lease will expire");
                }
            });
        }
        while tasks.try_join_next().is_some() {}
        if claimed_any && slots.available_permits() > 0 {
            continue;
        }
        tokio::select! {
            _ = cancel.cancelled() => break,
            _ = waiter.wait(&options.queue, options.poll) => {}
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
