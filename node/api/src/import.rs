//! `POST /import`: bitmagnet's NDJSON import over HTTP.
//!
//! Query: `skipInvalid=true` skips invalid lines instead of stopping at the first;
//! `source=NAME` sets the source of records that name none.
//!
//! The response is plain text, one line per event, streamed as batches commit:
//!
//! ```text
//! imported 2000 records (2000 new, 0 existing, 0 deleted, 0 invalid)
//! ...
//! done: imported 10000 records (10000 new, 0 existing, 0 deleted, 0 invalid) in 0.8 s
//! ```
//!
//! A bad line stops the import after every good line before it is committed; the last
//! line then starts with `error: line N: ...`. When that happens before the first
//! progress line, the status is 400 (bad input) or 500 (database); once streaming has
//! begun the status is already sent, so clients read the last line.

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::TryStreamExt;
use lodestone_import::{ImportError, ImportOptions, ImportSummary, Progress};
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::io::StreamReader;

use crate::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct ImportQuery {
    #[serde(
        rename = "skipInvalid",
        alias = "skip_invalid",
        alias = "skipinvalid",
        default
    )]
    skip_invalid: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

enum Event {
    Progress(Progress),
    Done(Result<ImportSummary, ImportError>),
}

pub(crate) async fn import(
    State(state): State<AppState>,
    Query(query): Query<ImportQuery>,
    body: Body,
) -> Response {
    state.metrics.import_requests.inc();
    let Ok(slot) = state.import_slots.clone().try_acquire_owned() else {
        return text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "error: {} imports are already running; try again when one has finished\n",
                crate::MAX_CONCURRENT_IMPORTS
            ),
        );
    };
    let mut options: ImportOptions = state.import.clone();
    match query
        .skip_invalid
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("false") | Some("0") => {}
        Some("true") | Some("1") | Some("") => options.skip_invalid = true,
        Some(other) => {
            return text(
                StatusCode::BAD_REQUEST,
                format!("error: query skipInvalid: expected true or false, found {other:?}\n"),
            );
        }
    }
    if let Some(source) = query.source {
        let key = source.trim().to_ascii_lowercase();
        let valid = lodestone_store::torrents::is_source_key(&key);
        if !valid {
            return text(
                StatusCode::BAD_REQUEST,
                format!(
                    "error: query source: {source:?} is not a source key (letters, digits, '.', '_', '-')\n"
                ),
            );
        }
        options.default_source = key;
    }

    let stream = body.into_data_stream().map_err(std::io::Error::other);
    let reader = tokio::io::BufReader::with_capacity(256 * 1024, StreamReader::new(stream));
    let (tx, mut rx) = mpsc::channel::<Event>(16);
    let store = state.store.clone();
    let metrics = state.metrics.clone();
    tokio::spawn(async move {
        let progress_tx = tx.clone();
        let result = lodestone_import::import(&store, reader, &options, |p| {
            // Progress lines may be dropped when the client reads slowly; the final
            // line never is.
            let _ = progress_tx.try_send(Event::Progress(p.clone()));
        })
        .await;
        let committed = match &result {
            Ok(summary) => summary,
            Err(e) => e.summary(),
        };
        metrics.record_import("http", &committed.progress);
        // Free the slot before the client can see that this import is done.
        drop(slot);
        let _ = tx.send(Event::Done(result)).await;
    });

    // Hold the response head until the first event, so an import that fails before
    // committing anything gets an error status.
    match rx.recv().await {
        None => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error: import task ended unexpectedly\n".into(),
        ),
        Some(Event::Done(result)) => {
            let status = match &result {
                Ok(_) => StatusCode::OK,
                Err(ImportError::BadLine { .. } | ImportError::Read { .. }) => {
                    StatusCode::BAD_REQUEST
                }
                Err(ImportError::Store { .. }) => StatusCode::INTERNAL_SERVER_ERROR,
            };
            text(status, done_lines(&result))
        }
        Some(Event::Progress(first)) => {
            let (line_tx, line_rx) = mpsc::channel::<Result<String, std::io::Error>>(16);
            tokio::spawn(async move {
                if line_tx.send(Ok(progress_line(&first))).await.is_err() {
                    return;
                }
                while let Some(event) = rx.recv().await {
                    let line = match event {
                        Event::Progress(p) => progress_line(&p),
                        Event::Done(result) => done_lines(&result),
                    };
                    if line_tx.send(Ok(line)).await.is_err() {
                        return;
                    }
                }
            });
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
                .body(Body::from_stream(ReceiverStream::new(line_rx)))
                .expect("static response parts are valid")
        }
    }
}

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

fn progress_line(p: &Progress) -> String {
    format!("imported {}\n", p)
}

fn done_lines(result: &Result<ImportSummary, ImportError>) -> String {
    let mut out = String::new();
    let summary = match result {
        Ok(s) => s,
        Err(e) => e.summary(),
    };
    if summary.progress.invalid > 0 {
        out.push_str(&format!(
            "skipped {} invalid lines\n",
            summary.progress.invalid
        ));
        for e in &summary.invalid_samples {
            out.push_str(&format!("invalid: {e}\n"));
        }
        if summary.progress.invalid as usize > summary.invalid_samples.len() {
            out.push_str(&format!(
                "invalid: ... and {} more\n",
                summary.progress.invalid as usize - summary.invalid_samples.len()
            ));
        }
    }
    match result {
        Ok(s) => out.push_str(&format!(
            "done: imported {} in {:.1} s\n",
            s.progress,
            s.elapsed.as_secs_f64()
        )),
        Err(e) => {
            let msg = crate::error_chain(e);
            out.push_str(&format!(
                "error: {msg}\nstopped: committed {} before stopping\n",
                summary.progress
            ));
        }
    }
    out
}
