//! Prometheus metrics of the node. Components register their families in the one
//! [`Registry`] at start; `/metrics` encodes it, refreshing the gauges that are read
//! from the database at scrape time.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ImportLabels {
    /// inserted, existing, deleted, invalid
    pub result: &'static str,
    /// http or cli
    pub via: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub queue: String,
    pub status: &'static str,
}

#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    pub import_records: Family<ImportLabels, Counter>,
    pub import_requests: Counter,
    pub jobs: Family<JobLabels, Gauge>,
    pub database_up: Gauge,
    pub index_documents: Gauge,
    pub index_rebuilding: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("lodestone");
        let import_records = Family::<ImportLabels, Counter>::default();
        registry.register(
            "import_records",
            "Records handled by imports, by result",
            import_records.clone(),
        );
        let import_requests = Counter::default();
        registry.register(
            "import_requests",
            "POST /import requests received",
            import_requests.clone(),
        );
        let jobs = Family::<JobLabels, Gauge>::default();
        registry.register(
            "jobs",
            "Jobs in the durable queue, by queue and status",
            jobs.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "database_up",
            "1 if the database answered the last scrape",
            database_up.clone(),
        );
        let index_documents = Gauge::default();
        registry.register(
            "index_documents",
            "Documents searchable in the search index",
            index_documents.clone(),
        );
        let index_rebuilding = Gauge::default();
        registry.register(
            "index_rebuilding",
            "1 while the search index is being rebuilt",
            index_rebuilding.clone(),
        );
        Self {
            registry,
            import_records,
            import_requests,
            jobs,
            database_up,
            index_documents,
            index_rebuilding,
        }
    }

    /// Counts what an import committed.
    pub fn record_import(&self, via: &'static str, progress: &lodestone_import::Progress) {
        for (result, n) in [
            ("inserted", progress.inserted),
            ("existing", progress.existing),
            ("deleted", progress.deleted),
            ("invalid", progress.invalid),
        ] {
            self.import_records
                .get_or_create(&ImportLabels { result, via })
                .inc_by(n);
        }
    }

    pub fn encode(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let index = state.search.status();
    state.metrics.index_documents.set(index.documents as i64);
    state
        .metrics
        .index_rebuilding
        .set(i64::from(index.rebuilding));
    match state.store.jobs().counts().await {
        Ok(counts) => {
            state.metrics.database_up.set(1);
            state.metrics.jobs.clear();
            for c in counts {
                for (status, n) in [
                    ("pending", c.pending),
                    ("running", c.running),
                    ("failed", c.failed),
                ] {
                    state
                        .metrics
                        .jobs
                        .get_or_create(&JobLabels {
                            queue: c.queue.clone(),
                            status,
                        })
                        .set(n);
                }
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: cannot read job counts");
            state.metrics.database_up.set(0);
        }
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
        .into_response()
}
