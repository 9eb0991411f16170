use std::path::PathBuf;

use crate::query::QueryError;

/// Errors of the search crate. [`SearchError::code`] is the stable code the API
/// layers report.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("invalid cursor: {0}")]
    Cursor(String),
    #[error("invalid request: {0}")]
    Request(String),
    #[error("search index error")]
    Index(#[from] tantivy::TantivyError),
    #[error("{path}: {action}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the search index in {path} is in use by another process (a node running on this data \
         directory?); stop it first"
    )]
    Locked { path: PathBuf },
    #[error("store error")]
    Store(#[from] lodestone_store::StoreError),
    #[error("the indexer is not running")]
    IndexerStopped,
    /// A failure inside the index or its tasks, not the caller's input.
    #[error("{0}")]
    Internal(String),
}

impl SearchError {
    /// Stable error code: `BAD_QUERY`, `BAD_CURSOR`, `BAD_REQUEST`, `INDEX_UNAVAILABLE`,
    /// `INTERNAL`.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::Query(_) => "BAD_QUERY",
            SearchError::Cursor(_) => "BAD_CURSOR",
            SearchError::Request(_) => "BAD_REQUEST",
            SearchError::Locked { .. } | SearchError::IndexerStopped => "INDEX_UNAVAILABLE",
            SearchError::Index(_)
            | SearchError::Io { .. }
            | SearchError::Store(_)
            | SearchError::Internal(_) => "INTERNAL",
        }
    }

    /// Whether the caller's input is at fault (a 4xx rather than a 5xx).
    pub fn is_client_error(&self) -> bool {
        matches!(
            self,
            SearchError::Query(_) | SearchError::Cursor(_) | SearchError::Request(_)
        )
    }
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;
