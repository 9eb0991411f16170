//! `lodestone run`: the node.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use lodestone_api::{AppState, Metrics};
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::database::Database;
use crate::import_options;

pub(crate) fn search_options(config: &Config) -> lodestone_search::SearchOptions {
    let mut options = lodestone_search::SearchOptions::new(config.index_dir());
    options.writer_memory_bytes = config.search.writer_memory_mb << 20;
    options
}

/// Opens the search index for writing (fails when a running node holds it).
pub(crate) async fn open_search(
    config: &Config,
    db: &Database,
) -> anyhow::Result<(lodestone_search::Search, lodestone_search::Indexer)> {
    lodestone_search::Search::open(db.store.clone(), search_options(config))
        .await
        .with_context(|| {
            format!(
                "opening the search index in {}",
                config.index_dir().display()
            )
        })
}

/// How long requests in flight (a long import) may run on after shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

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
    let (search, indexer) = open_search(config, db).await?;
    let indexer_cancel = cancel.child_token();
    let indexer_task = tokio::spawn(indexer.run(indexer_cancel.clone()));
    let state = AppState {
        store: db.store.clone(),
        search,
        torznab: Arc::new(config.torznab.clone()),
        metrics: Arc::new(Metrics::new()),
        import: import_options(config),
        embedded_database: db.is_embedded(),
        started: Instant::now(),
        import_slots: Arc::new(tokio::sync::Semaphore::new(
            lodestone_api::MAX_CONCURRENT_IMPORTS,
        )),
    };
    tracing::info!(addr = %addr, data_dir = %config.data_dir.display(), "lodestone listening on http://{addr}");
    let server = lodestone_api::serve(listener, lodestone_api::router(state), cancel.clone());
    let grace = async {
        cancel.cancelled().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    let served = tokio::select! {
        served = server => served.context("serving HTTP"),
        () = grace => {
            tracing::warn!(grace = ?SHUTDOWN_GRACE, "requests still running after the shutdown grace period; closing them");
            Ok(())
        }
    };
    indexer_cancel.cancel();
    match indexer_task.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "search indexer stopped with an error"),
        Err(e) => tracing::warn!(error = %e, "search indexer task failed"),
    }
    served?;
    tracing::info!("stopped");
    Ok(())
}
