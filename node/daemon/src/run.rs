//! `lodestone run`: the node.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use lodestone_api::{AppState, Metrics};
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::database::Database;
use crate::import_options;

pub async fn run(config: Config, cancel: CancellationToken) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data_dir {}", config.data_dir.display()))?;
    let db = Database::open(&config, true).await?;
    let result = serve(&config, &db, cancel).await;
    db.close().await;
    result
}

async fn serve(config: &Config, db: &Database, cancel: CancellationToken) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.http.addr)
        .await
        .with_context(|| format!("http.addr: cannot listen on {}", config.http.addr))?;
    let addr = listener.local_addr()?;
    let state = AppState {
        store: db.store.clone(),
        metrics: Arc::new(Metrics::new()),
        import: import_options(config),
        embedded_database: db.is_embedded(),
        started: Instant::now(),
    };
    tracing::info!(addr = %addr, data_dir = %config.data_dir.display(), "lodestone listening on http://{addr}");
    lodestone_api::serve(listener, lodestone_api::router(state), cancel)
        .await
        .context("serving HTTP")?;
    tracing::info!("stopped");
    Ok(())
}
