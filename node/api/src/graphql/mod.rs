//! The GraphQL API: `POST /graphql` executes, `GET /graphql` serves the GraphQL
//! Playground.
//!
//! - [`query`]: `search`, `torrent`, the vocabularies (`contentTypes`, `facets`,
//!   `orderFields`), `version`, `health`;
//! - [`mutation`]: `deleteTorrents`, `putTags`, `setTags`, `deleteTags`, `reprocess`;
//! - [`search`]: the search input and result types; [`torrent`]: the `Torrent` type;
//! - [`scalars`]: `DateTime`, `BigInt`; [`error`]: the error codes.
//!
//! The schema is built once per router; each request gets the [`AppState`] as data.
//! [`sdl`] prints it.
//!
//! # Limits
//!
//! A request is refused before it runs when its selection nests deeper than
//! [`MAX_DEPTH`] or costs more than [`MAX_COMPLEXITY`]. Cost: every field costs 1 plus
//! its children, except
//! - `search`: [`SEARCH_COST`] plus its children once per started 50 results of its
//!   `limit` (a 1000-result page costs its fields 20 times);
//! - `Torrent.files` and `Torrent.sources`: [`DETAIL_COST`] (a PostgreSQL read per
//!   torrent) plus their children, `files` once per started 100 of its `limit`.
//!
//! So a 1000-result page of every summary field fits (about 1,000), and so do one
//! torrent's files and sources (about 200), but files or sources for more than a few
//! hundred results at once do not (1000 results with just their file paths: 2,090).
//! Lists in arguments are capped too (10,000 info hashes per mutation); exceeding a cap
//! is a `TOO_MANY` error. Request bodies are capped at [`MAX_BODY_BYTES`].

pub mod error;
pub mod mutation;
pub mod query;
pub mod scalars;
pub mod search;
pub mod torrent;

use async_graphql::http::{GraphQLPlaygroundConfig, playground_source};
use async_graphql::{EmptySubscription, Schema, ServerError};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use bytes::Bytes;

use crate::AppState;
use mutation::MutationRoot;
use query::QueryRoot;

pub type ApiSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Deepest selection accepted. Lodestone's own types nest at most 6 deep
/// (`search.items.torrent.files.items.path`); the introspection query of GraphiQL and
/// the Playground needs 13 to 15 (`__Type.ofType` chains).
pub const MAX_DEPTH: usize = 16;
/// Most a request may cost (see the module docs).
pub const MAX_COMPLEXITY: usize = 2000;
/// What a `search` costs besides its results.
pub const SEARCH_COST: usize = 10;
/// What reading one torrent's files or sources costs.
pub const DETAIL_COST: usize = 100;
/// Largest request body.
pub const MAX_BODY_BYTES: usize = 2 << 20;

/// Cost of `search(input: {limit})` with children costing `child`.
fn search_cost(limit: i32, child: usize) -> usize {
    SEARCH_COST.saturating_add(child.saturating_mul(started(limit, 50)))
}

/// Cost of `files(limit)` with children costing `child`.
fn files_cost(limit: i32, child: usize) -> usize {
    DETAIL_COST.saturating_add(child.saturating_mul(started(limit, 100)))
}

/// Started units of `unit` in `limit`, at least 1 (a bad limit is refused later, when
/// the field runs; here it only must not overflow).
fn started(limit: i32, unit: usize) -> usize {
    usize::try_from(limit).unwrap_or(0).div_ceil(unit).max(1)
}

/// The schema, without data: requests carry the [`AppState`].
pub fn schema() -> ApiSchema {
    Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The schema in GraphQL SDL.
pub fn sdl() -> String {
    schema().sdl()
}

/// `POST /graphql` and `GET /graphql`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/graphql", get(playground).post(execute))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(Extension(schema()))
}

async fn playground() -> Html<String> {
    Html(playground_source(GraphQLPlaygroundConfig::new("/graphql")))
}

/// Executes one GraphQL request (a JSON object with `query`, `variables`,
/// `operationName`). Errors of the engine itself (syntax, validation, limits) get the
/// code `BAD_REQUEST`; resolvers set their own. A body that cannot be read or is not a
/// request gets a 4xx status with the same error shape.
async fn execute(
    State(state): State<AppState>,
    Extension(schema): Extension<ApiSchema>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let message = format!("cannot read the body: {}", rejection.body_text());
            return request_error(rejection.status(), message);
        }
    };
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            let message = format!("the body is not a GraphQL request: {e}");
            return request_error(StatusCode::BAD_REQUEST, message);
        }
    };
    let mut response = schema.execute(request.data(state)).await;
    add_missing_codes(&mut response);
    Json(response).into_response()
}

fn request_error(status: StatusCode, message: String) -> Response {
    let mut response = async_graphql::Response::from_errors(vec![ServerError::new(message, None)]);
    add_missing_codes(&mut response);
    (status, Json(response)).into_response()
}

fn add_missing_codes(response: &mut async_graphql::Response) {
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", error::BAD_REQUEST);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_grow_with_page_size_and_never_overflow() {
        assert_eq!(search_cost(20, 30), SEARCH_COST + 30);
        assert_eq!(search_cost(50, 30), SEARCH_COST + 30);
        assert_eq!(search_cost(51, 30), SEARCH_COST + 60);
        assert_eq!(search_cost(1000, 30), SEARCH_COST + 30 * 20);
        assert_eq!(search_cost(-5, 30), SEARCH_COST + 30);
        assert_eq!(search_cost(i32::MAX, usize::MAX), usize::MAX);
        assert_eq!(files_cost(100, 5), DETAIL_COST + 5);
        assert_eq!(files_cost(1000, 5), DETAIL_COST + 50);
        assert!(search_cost(1000, files_cost(100, 2) + 2) > MAX_COMPLEXITY);
    }

    #[test]
    fn sdl_names_the_public_types() {
        let sdl = sdl();
        for needle in [
            "search(input: SearchInput!): SearchResult!",
            "torrent(infoHash: String!): Torrent",
            "deleteTorrents(infoHashes: [String!]!, reason: String): DeleteResult!",
            "scalar BigInt",
            "scalar DateTime",
            "enum ContentType",
            "tv_show",
            "PUBLISHED_AT",
            "VIDEO_3D",
            "anyOf: [[FacetFilterInput!]!]",
        ] {
            assert!(sdl.contains(needle), "{needle:?} missing from:\n{sdl}");
        }
    }
}
