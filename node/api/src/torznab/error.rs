//! Torznab errors and the Newznab error document that reports them:
//! `<error code="201" description="..."/>`.
//!
//! Codes are Newznab's: 100 incorrect user credentials, 200 missing parameter, 201
//! incorrect parameter, 202 no such function, 203 function not available, 300 unknown
//! error. Clients read the code from the document, not from the HTTP status: Sonarr,
//! Radarr and Prowlarr turn codes 100-199 into "invalid API key" and show the
//! description of the others, but older releases of them treat any HTTP 4xx/5xx as
//! "unable to connect" before reading the body. So client errors are sent with
//! HTTP 200; only an unknown profile (a wrong URL, 404) and a failure of this node
//! (code 300, 500) carry an error status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lodestone_search::SearchError;
use lodestone_store::StoreError;

use super::xml::XmlDocument;

#[derive(Debug, thiserror::Error)]
pub enum TorznabError {
    #[error("incorrect user credentials")]
    Credentials,
    #[error("missing parameter {0}")]
    MissingParameter(&'static str),
    #[error("incorrect parameter {name}: {message}")]
    IncorrectParameter { name: String, message: String },
    #[error("no torznab profile named {0:?}")]
    UnknownProfile(String),
    #[error("no such function {0:?}")]
    NoSuchFunction(String),
    #[error("function not available: {0}")]
    FunctionNotAvailable(String),
    #[error("search failed")]
    Search(#[source] SearchError),
    #[error("reading torrents failed")]
    Store(#[source] StoreError),
}

impl TorznabError {
    pub(crate) fn incorrect(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self::IncorrectParameter {
            name: name.into(),
            message: message.into(),
        }
    }

    /// The Newznab error code.
    pub fn code(&self) -> u16 {
        match self {
            Self::Credentials => 100,
            Self::MissingParameter(_) => 200,
            Self::IncorrectParameter { .. } | Self::UnknownProfile(_) => 201,
            Self::NoSuchFunction(_) => 202,
            Self::FunctionNotAvailable(_) => 203,
            Self::Search(e) if e.is_client_error() => 201,
            Self::Search(_) | Self::Store(_) => 300,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::UnknownProfile(_) => StatusCode::NOT_FOUND,
            _ if self.code() == 300 => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::OK,
        }
    }

    /// The error document's description: the message with its sources.
    pub fn description(&self) -> String {
        crate::error_chain(self)
    }

    /// `<?xml ...?><error code="NNN" description="..."/>`
    pub(crate) fn document(&self) -> Vec<u8> {
        let mut doc = XmlDocument::new();
        doc.empty(
            "error",
            &[
                ("code", &self.code().to_string()),
                ("description", &self.description()),
            ],
        );
        doc.finish()
    }
}

impl IntoResponse for TorznabError {
    fn into_response(self) -> Response {
        if self.code() == 300 {
            tracing::error!(error = %self.description(), "torznab request failed");
        } else {
            tracing::debug!(code = self.code(), error = %self.description(), "torznab request refused");
        }
        super::xml_response(self.status(), super::XML_CONTENT_TYPE, self.document())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses() {
        let cases = [
            (TorznabError::Credentials, 100, StatusCode::OK),
            (TorznabError::MissingParameter("t"), 200, StatusCode::OK),
            (
                TorznabError::incorrect("limit", "not a number"),
                201,
                StatusCode::OK,
            ),
            (
                TorznabError::UnknownProfile("x".into()),
                201,
                StatusCode::NOT_FOUND,
            ),
            (
                TorznabError::NoSuchFunction("x".into()),
                202,
                StatusCode::OK,
            ),
            (
                TorznabError::FunctionNotAvailable("get".into()),
                203,
                StatusCode::OK,
            ),
            (
                TorznabError::Search(SearchError::Request("bad".into())),
                201,
                StatusCode::OK,
            ),
            (
                TorznabError::Search(SearchError::IndexerStopped),
                300,
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (error, code, status) in cases {
            assert_eq!(error.code(), code, "{error}");
            assert_eq!(error.status(), status, "{error}");
        }
    }

    #[test]
    fn document_is_an_escaped_error_element() {
        let error = TorznabError::incorrect("q", "bad \"<token>\" & more");
        let xml = String::from_utf8(error.document()).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "error");
        assert_eq!(root.attribute("code"), Some("201"));
        assert_eq!(
            root.attribute("description"),
            Some("incorrect parameter q: bad \"<token>\" & more")
        );
        let chained = TorznabError::Search(SearchError::IndexerStopped);
        assert_eq!(
            chained.description(),
            "search failed: the indexer is not running"
        );
    }
}
