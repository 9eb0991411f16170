//! The PostgreSQL store of a Lodestone node.
//!
//! PostgreSQL is the system of record: torrents, their files, sources and hints, the
//! classification results, tags, deletions and the durable job queue live here; the
//! search index is derived from it. This crate owns:
//!
//! - [`Store`]: the connection pool, migrations (`migrations/` at the workspace root,
//!   embedded at compile time) and the repositories hanging off it;
//! - [`torrents`]: batched writes of torrents (one statement per table per batch, with
//!   `UNNEST` over array parameters);
//! - [`jobs`]: the durable job queue (`FOR UPDATE SKIP LOCKED` over a partial index,
//!   `LISTEN/NOTIFY` with a polling fallback so a missed notification never stalls it);
//! - [`deletions`]: the deleted info hashes that are never stored again;
//! - [`search_feed`]: torrent summaries and the change feed the search index reads;
//! - [`tags`]: tags on torrents;
//! - [`managed`]: the embedded default, a PostgreSQL cluster the node runs itself from
//!   the system's binaries when no server URL is configured.

pub mod deletions;
mod error;
pub mod jobs;
pub mod managed;
pub mod search_feed;
pub mod tags;
pub mod torrents;

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use error::{Result, StoreError};

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// A handle on the database: cheap to clone, shared by every component of the node.
#[derive(Clone, Debug)]
pub struct Store {
    pool: PgPool,
}

/// One migration as known to the binary and, if applied, to the database.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MigrationState {
    pub version: i64,
    pub description: String,
    pub applied_at: Option<time::OffsetDateTime>,
}

impl Store {
    /// Connects with `max_connections` pooled connections. Fails fast (10 s) when the
    /// server is unreachable so a misconfigured URL gives an error, not a hang.
    pub async fn connect(options: PgConnectOptions, max_connections: u32) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }

    pub fn from_pool(pool: PgPool) -> Self {
        Self { pool }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Every migration the binary knows, with when it was applied (None: pending).
    pub async fn migration_status(&self) -> Result<Vec<MigrationState>> {
        let table_exists: bool =
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
                .fetch_one(&self.pool)
                .await?;
        let applied: Vec<(i64, time::OffsetDateTime)> = if table_exists {
            sqlx::query_as("SELECT version, installed_on FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await?
        } else {
            Vec::new()
        };
        Ok(MIGRATOR
            .iter()
            .map(|m| MigrationState {
                version: m.version,
                description: m.description.to_string(),
                applied_at: applied
                    .iter()
                    .find(|(v, _)| *v == m.version)
                    .map(|(_, at)| *at),
            })
            .collect())
    }

    /// Round trip to the server, for health checks.
    pub async fn ping(&self) -> Result<Duration> {
        let start = std::time::Instant::now();
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(start.elapsed())
    }

    /// Bytes on disk of the tables and indexes the migrations created (heap, TOAST and
    /// indexes), for the storage-per-torrent figure.
    pub async fn storage_bytes(&self) -> Result<i64> {
        let bytes: Option<i64> = sqlx::query_scalar(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'm')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(bytes.unwrap_or(0))
    }

    pub fn torrents(&self) -> torrents::Torrents<'_> {
        torrents::Torrents::new(&self.pool)
    }

    pub fn jobs(&self) -> jobs::JobQueue {
        jobs::JobQueue::new(self.pool.clone())
    }

    pub fn search_feed(&self) -> search_feed::SearchFeed<'_> {
        search_feed::SearchFeed::new(&self.pool)
    }

    pub fn tags(&self) -> tags::Tags<'_> {
        tags::Tags::new(&self.pool)
    }

    pub fn deletions(&self) -> deletions::Deletions<'_> {
        deletions::Deletions::new(&self.pool)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
