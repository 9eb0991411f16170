//! Torznab: the search API of Prowlarr, Sonarr, Radarr and the other *arr apps.
//!
//! `GET /torznab/api` serves the default profile (every torrent, pages of 100);
//! `GET /torznab/{profile}/api` serves a profile from the configuration
//! ([`TorznabConfig`]); both also answer with a trailing slash. The function is `t`:
//!
//! - `caps`: what the profile serves ([`caps`]);
//! - `search`, `tvsearch`, `movie`, `music`, `book` (and the aliases clients send,
//!   such as `tv-search` and `movie-search`): an RSS feed of torrents ([`feed`]), from
//!   a search built by [`search`] out of the parameters read by [`params`];
//! - anything else: a Newznab error document ([`error`]).
//!
//! The *arr apps test an indexer with `t=caps`, then one search with `cat`,
//! `extended=1`, `offset=0`, `limit=100` and no words (Sonarr: `t=tvsearch` with its TV
//! categories, Radarr: `t=movie` with its movie categories, Prowlarr: `t=search`
//! without categories), and fail the test when that returns no item. Without words
//! the newest torrents come first, which is also how their RSS sync pages the feed.
//!
//! When `torznab.api_key` is set, every request (caps included) must carry `apikey=`
//! with it. Links in the feed use the scheme and host the client used
//! (`X-Forwarded-Proto` and `X-Forwarded-Host` when a reverse proxy sets them, else
//! the `Host` header).

mod caps;
mod categories;
mod config;
mod error;
mod feed;
mod free_text;
mod params;
mod search;
mod xml;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use categories::{CATEGORIES, Category};
pub use config::{DEFAULT_LIMIT, TorznabConfig, TorznabProfile};
pub use error::TorznabError;

use crate::AppState;
use params::{Function, RawParams, SearchParams};

pub(crate) const XML_CONTENT_TYPE: &str = "application/xml; charset=utf-8";
pub(crate) const RSS_CONTENT_TYPE: &str = "application/rss+xml; charset=utf-8";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/torznab/api", get(default_api))
        .route("/torznab/api/", get(default_api))
        .route("/torznab/{profile}/api", get(profile_api))
        .route("/torznab/{profile}/api/", get(profile_api))
}

async fn default_api(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    respond(&state, None, &headers, &uri)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn profile_api(
    State(state): State<AppState>,
    profile: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let name = match profile {
        Ok(Path(name)) => name,
        Err(rejection) => {
            return TorznabError::UnknownProfile(rejection.body_text()).into_response();
        }
    };
    respond(&state, Some(&name), &headers, &uri)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn respond(
    state: &AppState,
    profile_name: Option<&str>,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<Response, TorznabError> {
    let raw = RawParams::from_uri(uri)?;
    let config = &state.torznab;
    if let Some(key) = &config.api_key
        && !keys_match(raw.get("apikey").unwrap_or(""), key)
    {
        return Err(TorznabError::Credentials);
    }
    let default_profile = TorznabProfile::default();
    let profile = match profile_name {
        None => &default_profile,
        Some(name) => config
            .profiles
            .get(name)
            .ok_or_else(|| TorznabError::UnknownProfile(name.to_owned()))?,
    };
    let function = raw.function()?;
    if function == Function::Caps {
        return Ok(xml_response(
            StatusCode::OK,
            XML_CONTENT_TYPE,
            caps::render(profile),
        ));
    }
    if !search::function_available(function, &profile.content_types()) {
        return Err(TorznabError::FunctionNotAvailable(format!(
            "profile {:?} serves no content type this function searches",
            profile_name.unwrap_or_default()
        )));
    }
    let params = SearchParams::read(function, &raw)?;
    let page = search::run(state, function, &params, profile).await?;
    let base_url = base_url(headers);
    let self_url = format!("{base_url}{}", path_without_api_key(uri));
    let title = match profile_name {
        Some(name) => format!("Lodestone ({name})"),
        None => "Lodestone".to_owned(),
    };
    let channel = feed::Channel {
        title: &title,
        base_url: &base_url,
        self_url: &self_url,
    };
    Ok(xml_response(
        StatusCode::OK,
        RSS_CONTENT_TYPE,
        feed::render(&channel, &page),
    ))
}

pub(crate) fn xml_response(
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

/// Compares API keys in time independent of where they first differ.
fn keys_match(given: &str, expected: &str) -> bool {
    let (given, expected) = (given.as_bytes(), expected.as_bytes());
    let mut difference = u8::from(given.len() != expected.len());
    for (i, &b) in expected.iter().enumerate() {
        difference |= b ^ given.get(i).copied().unwrap_or(0);
    }
    difference == 0
}

/// `scheme://host` as the client reached this node.
fn base_url(headers: &HeaderMap) -> String {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let scheme = match first("x-forwarded-proto").map(str::to_ascii_lowercase) {
        Some(p) if p == "https" || p == "http" => p,
        _ => "http".to_owned(),
    };
    let host = first("x-forwarded-host")
        .or_else(|| first(header::HOST.as_str()))
        .filter(|h| is_host(h))
        .unwrap_or("localhost");
    format!("{scheme}://{host}")
}

/// A host and optional port, IPv6 literals included; nothing that could add a path,
/// query or credentials to the links.
fn is_host(value: &str) -> bool {
    value.len() <= 255
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_')
        })
}

/// The request's path and query without `apikey` (feeds get logged and shared).
fn path_without_api_key(uri: &Uri) -> String {
    let path = uri.path();
    let Some(query) = uri.query() else {
        return path.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !name.eq_ignore_ascii_case("apikey") && !pair.is_empty()
        })
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for &(name, value) in pairs {
            map.append(name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn base_url_follows_the_client_and_proxies() {
        assert_eq!(base_url(&headers(&[])), "http://localhost");
        assert_eq!(
            base_url(&headers(&[("host", "node:3000")])),
            "http://node:3000"
        );
        assert_eq!(
            base_url(&headers(&[
                ("host", "127.0.0.1:3000"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "idx.example.org, proxy.internal"),
            ])),
            "https://idx.example.org"
        );
        assert_eq!(
            base_url(&headers(&[("host", "[::1]:3000")])),
            "http://[::1]:3000"
        );
        assert_eq!(
            base_url(&headers(&[
                ("host", "evil/path?x"),
                ("x-forwarded-proto", "javascript")
            ])),
            "http://localhost"
        );
    }

    #[test]
    fn self_links_drop_the_api_key() {
        let uri: Uri = "/torznab/api?t=search&apikey=secret&q=x&APIKEY=s2"
            .parse()
            .unwrap();
        assert_eq!(path_without_api_key(&uri), "/torznab/api?t=search&q=x");
        let uri: Uri = "/torznab/api?apikey=secret".parse().unwrap();
        assert_eq!(path_without_api_key(&uri), "/torznab/api");
    }

    #[test]
    fn api_keys_compare_exactly() {
        assert!(keys_match("secret", "secret"));
        assert!(!keys_match("secreT", "secret"));
        assert!(!keys_match("secret2", "secret"));
        assert!(!keys_match("secre", "secret"));
        assert!(!keys_match("", "secret"));
    }
}
