//! `GET /status`: health JSON. 200 when the database answers, 503 when it does not.

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
        }),
    )
}
