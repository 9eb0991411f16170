//! The one error type of the GraphQL API and its stable codes.
//!
//! Every error a client sees carries `extensions.code`, an upper-case code that does not
//! change between releases; the message is for people and may. Resolvers return
//! [`ApiError`] and turn it into a GraphQL error with [`ResultExt::extend`]
//! (`async_graphql::ResultExt`); errors the engine raises itself (syntax, validation,
//! depth and complexity limits) get [`BAD_REQUEST`] in [`super::execute`].
//!
//! Internal errors (the database, the index) log their whole chain and tell the client
//! only "internal error": their text can hold SQL, paths and other things a public API
//! should not show.
//!
//! [`ResultExt::extend`]: async_graphql::ResultExt::extend

use async_graphql::ErrorExtensions;
use lodestone_search::SearchError;
use lodestone_store::StoreError;

/// Syntax, validation and argument errors, and the engine's depth/complexity refusals.
pub const BAD_REQUEST: &str = "BAD_REQUEST";
pub const BAD_INFO_HASH: &str = "BAD_INFO_HASH";
pub const BAD_TAG: &str = "BAD_TAG";
pub const TOO_MANY: &str = "TOO_MANY";
pub const INTERNAL: &str = "INTERNAL";

/// Errors of the GraphQL API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// `input` is cut to [`ApiError::ECHO_LEN`] characters.
    #[error("invalid info hash {input:?}: {reason}")]
    BadInfoHash { input: String, reason: String },
    #[error("{0}")]
    BadTag(String),
    #[error("too many {what}: {got} given, at most {max} allowed per request")]
    TooMany {
        what: &'static str,
        got: usize,
        max: usize,
    },
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ApiError {
    /// Longest piece of client input echoed back in a message.
    pub const ECHO_LEN: usize = 100;

    pub fn bad_info_hash(input: &str, reason: impl std::fmt::Display) -> Self {
        ApiError::BadInfoHash {
            input: input.chars().take(Self::ECHO_LEN).collect(),
            reason: reason.to_string(),
        }
    }

    /// The stable code reported in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadInfoHash { .. } => BAD_INFO_HASH,
            ApiError::BadTag(_) => BAD_TAG,
            ApiError::TooMany { .. } => TOO_MANY,
            ApiError::BadRequest(_) => BAD_REQUEST,
            ApiError::Search(e) => e.code(),
            ApiError::Store(StoreError::Invalid { field: "tag", .. }) => BAD_TAG,
            ApiError::Store(_) => INTERNAL,
        }
    }

    /// What the client is told: the message itself, except for internal errors.
    fn public_message(&self) -> String {
        match self {
            ApiError::Store(StoreError::Invalid {
                field: "tag",
                message,
            }) => message.clone(),
            _ if self.code() == INTERNAL => "internal error".to_owned(),
            _ => self.to_string(),
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        let code = self.code();
        if code == INTERNAL {
            tracing::error!(error = %crate::error_chain(self), "graphql request failed");
        }
        let error = async_graphql::Error::new(self.public_message());
        error.extend_with(|_, ext| {
            ext.set("code", code);
            if let ApiError::Search(SearchError::Query(query)) = self {
                // Characters, 0-based, as the query language reports them.
                ext.set("position", query.position as u64);
                ext.set("token", query.token.clone());
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::Value;

    use super::*;

    fn code_of(error: &async_graphql::Error) -> Option<Value> {
        error
            .extensions
            .as_ref()
            .and_then(|ext| ext.get("code"))
            .cloned()
    }

    #[test]
    fn every_error_gets_its_code() {
        let cases = [
            (
                ApiError::BadInfoHash {
                    input: "xyz".into(),
                    reason: "bad length".into(),
                },
                BAD_INFO_HASH,
            ),
            (ApiError::BadTag("bad".into()), BAD_TAG),
            (
                ApiError::TooMany {
                    what: "info hashes",
                    got: 2,
                    max: 1,
                },
                TOO_MANY,
            ),
            (ApiError::BadRequest("no".into()), BAD_REQUEST),
            (
                ApiError::Search(SearchError::Cursor("x".into())),
                "BAD_CURSOR",
            ),
            (
                ApiError::Search(SearchError::IndexerStopped),
                "INDEX_UNAVAILABLE",
            ),
            (
                ApiError::Store(StoreError::Invalid {
                    field: "tag",
                    message: "\"A\" is not a tag name".into(),
                }),
                BAD_TAG,
            ),
            (
                ApiError::Store(StoreError::Embedded("secret detail".into())),
                INTERNAL,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.code(), code, "{error:?}");
            let extended = error.extend();
            assert_eq!(code_of(&extended), Some(Value::from(code)), "{error:?}");
        }
    }

    #[test]
    fn query_errors_point_at_the_token() {
        let error = ApiError::Search(SearchError::Query(lodestone_search::query::QueryError {
            message: "year must be a number".into(),
            position: 2,
            token: "year:x".into(),
        }))
        .extend();
        let ext = error.extensions.as_ref().expect("extensions");
        assert_eq!(ext.get("code"), Some(&Value::from("BAD_QUERY")));
        assert_eq!(ext.get("position"), Some(&Value::from(2u64)));
        assert_eq!(ext.get("token"), Some(&Value::from("year:x")));
        assert!(error.message.contains("year must be a number"));
    }

    #[test]
    fn internal_errors_hide_their_detail() {
        let error = ApiError::Store(StoreError::Embedded("password=hunter2".into())).extend();
        assert_eq!(error.message, "internal error");
        let tag = ApiError::Store(StoreError::Invalid {
            field: "tag",
            message: "\"A\" is not a tag name".into(),
        })
        .extend();
        assert_eq!(tag.message, "\"A\" is not a tag name");
    }

    #[test]
    fn too_many_names_the_limit() {
        let error = ApiError::TooMany {
            what: "info hashes",
            got: 10_001,
            max: 10_000,
        };
        assert_eq!(
            error.to_string(),
            "too many info hashes: 10001 given, at most 10000 allowed per request"
        );
    }
}
