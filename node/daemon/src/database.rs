//! Opening the database: the configured server, or the embedded cluster.

use std::str::FromStr;

use anyhow::Context;
use lodestone_store::Store;
use lodestone_store::managed::{ManagedOptions, ManagedPostgres};
use sqlx::postgres::PgConnectOptions;

use crate::config::{Config, redact_password};

/// An open store, and the embedded cluster behind it if there is one.
#[derive(Debug)]
pub struct Database {
    pub store: Store,
    pub managed: Option<ManagedPostgres>,
}

impl Database {
    /// Connects (starting the embedded cluster when no URL is configured) and applies
    /// pending migrations when `migrate` is set.
    pub async fn open(config: &Config, migrate: bool) -> anyhow::Result<Self> {
        let (options, managed) = match &config.database.url {
            Some(url) => {
                let options = PgConnectOptions::from_str(url)
                    .with_context(|| format!("database.url {}", redact_password(url)))?
                    .application_name("lodestone");
                (options, None)
            }
            None => {
                let managed = ManagedPostgres::start(&ManagedOptions {
                    data_dir: config.data_dir.clone(),
                    bin_dir: config.database.embedded.bin_dir.clone(),
                    run_as: config.database.embedded.run_as.clone(),
                })
                .await
                .context(
                    "starting the embedded PostgreSQL (set DATABASE_URL to use a server instead)",
                )?;
                (managed.connect_options(), Some(managed))
            }
        };
        let target = match &config.database.url {
            Some(url) => redact_password(url),
            None => "the embedded cluster".into(),
        };
        let store = match Store::connect(options, config.database.max_connections).await {
            Ok(store) => store,
            Err(e) => {
                if let Some(managed) = managed {
                    managed.stop().await.ok();
                }
                return Err(e).with_context(|| format!("connecting to {target}"));
            }
        };
        let db = Self { store, managed };
        if migrate && let Err(e) = db.store.migrate().await {
            db.close().await;
            return Err(e).context("applying database migrations");
        }
        Ok(db)
    }

    pub fn is_embedded(&self) -> bool {
        self.managed.is_some()
    }

    /// Closes the pool and stops the embedded cluster if this process started it.
    pub async fn close(self) {
        self.store.close().await;
        if let Some(managed) = self.managed
            && let Err(e) = managed.stop().await
        {
            tracing::error!(error = %e, "cannot stop the embedded PostgreSQL");
        }
    }
}
