//! `GET /status`: health JSON. 200 when the database answers, 503 when it does not.
//! The search index's state is reported too (documents, watermark, a rebuild in
//! progress, the indexer's last error); searches keep answering while it rebuilds, so
//! it does not change the status code.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::AppState;

#[derive(Debug, Serialize)]
pub struct Status {
    pub status: &'static str,
    pub version: &'static str,
    pub uptime_seconds: u64,
    pub database: DatabaseStatus,
    pub index: IndexStatus,
}

#[derive(Debug, Serialize)]
pub struct IndexStatus {
    pub documents: u64,
    pub disk_bytes: u64,
    pub watermark: u64,
    pub rebuilding: bool,
    pub indexer_running: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DatabaseStatus {
    pub ok: bool,
    pub embedded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub(crate) async fn status(State(state): State<AppState>) -> (StatusCode, Json<Status>) {
    let ping = state.store.ping().await;
    let ok = ping.is_ok();
    let database = DatabaseStatus {
        ok,
        embedded: state.embedded_database,
        latency_ms: ping.as_ref().ok().map(|d| d.as_secs_f64() * 1000.0),
        error: ping.err().map(|e| crate::error_chain(&e)),
    };
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        code,
        Json(Status {
            status: if ok { "ok" } else { "degraded" },
            version: env!("CARGO_PKG_VERSION"),
            uptime_seconds: state.started.elapsed().as_secs(),
            database,
            index: index_status(&state),
        }),
    )
}

fn index_status(state: &AppState) -> IndexStatus {
    let s = state.search.status();
    IndexStatus {
        documents: s.documents,
        disk_bytes: state.search.disk_bytes(),
        watermark: s.watermark,
        rebuilding: s.rebuilding,
        indexer_running: s.indexer_running,
        last_error: s.last_error,
    }
}
