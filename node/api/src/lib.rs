//! The HTTP interface of a Lodestone node, one axum router on one port:
//!
//! - `POST /graphql` (and `GET`, a playground): the GraphQL API ([`graphql`]);
//! - `GET /torznab/api`, `GET /torznab/{profile}/api`: Torznab for Prowlarr, Sonarr
//!   and Radarr ([`torznab`]);
//! - `POST /import`: bitmagnet's import format ([`import`]);
//! - `GET /status`: health as JSON ([`status`]);
//! - `GET /metrics`: Prometheus text format ([`metrics`]).
//!
//! Handlers adapt HTTP onto the domain crates (store, import) and hold no logic of
//! their own. [`serve`] takes a bound listener and a cancellation token, so tests bind
//! `127.0.0.1:0` and shut the server down when they are done.

pub mod graphql;
mod import;
pub mod metrics;
mod status;
pub mod torznab;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::routing::{get, post};
use lodestone_import::ImportOptions;
use lodestone_store::Store;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use metrics::Metrics;

/// What the handlers share.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub search: lodestone_search::Search,
    pub torznab: Arc<torznab::TorznabConfig>,
    pub metrics: Arc<Metrics>,
    pub import: ImportOptions,
    /// Whether the database is the node's own managed cluster.
    pub embedded_database: bool,
    pub started: Instant,
    /// Caps the imports running at once; more get 503.
    pub import_slots: Arc<tokio::sync::Semaphore>,
}

/// Imports that may run at once over HTTP.
pub const MAX_CONCURRENT_IMPORTS: usize = 4;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/import", post(import::import))
        .route("/status", get(status::status))
        .route("/metrics", get(metrics::metrics))
        .merge(graphql::routes())
        .merge(torznab::routes())
        .with_state(state)
}

/// An error and its sources, `outer: inner: innermost`, for response bodies.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// Serves `router` on `listener` until `cancel` fires, then lets requests in flight
/// finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    cancel: CancellationToken,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async move { cancel.cancelled().await })
        .await
}
