//! The `torznab` section of the node configuration: an optional API key and named
//! profiles, each served at `/torznab/{name}/api`.
//!
//! ```yaml
//! torznab:
//!   api_key: "a long random string"
//!   profiles:
//!     movies:
//!       content_types: [movie]
//!       default_limit: 50
//!       max_limit: 200
//!     anime:
//!       content_types: [tv_show]
//!       tags: [anime]
//!       order_by_relevance: false
//! ```

use std::collections::BTreeMap;

use lodestone_proto::ContentType;
use serde::{Deserialize, Serialize};

/// Page size of a profile that sets none, and its largest page.
pub const DEFAULT_LIMIT: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TorznabConfig {
    /// When set, every request must carry `apikey=` with this value (else error 100).
    pub api_key: Option<String>,
    /// Served at `/torznab/{name}/api`; `/torznab/api` serves [`TorznabProfile::default`].
    pub profiles: BTreeMap<String, TorznabProfile>,
}

/// What one Torznab URL serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TorznabProfile {
    /// Only torrents of these content types (empty: all). Caps list only their
    /// categories.
    pub content_types: Vec<String>,
    /// Only torrents carrying every one of these tags.
    pub tags: Vec<String>,
    /// Page size when a request sets no `limit` (default 100).
    pub default_limit: Option<usize>,
    /// Largest page; larger `limit`s are cut to it (default 100, at most
    /// [`lodestone_search::MAX_LIMIT`]).
    pub max_limit: Option<usize>,
    /// Order searches with words by relevance (default); `false` orders every
    /// response newest first.
    pub order_by_relevance: bool,
}

impl Default for TorznabProfile {
    fn default() -> Self {
        Self {
            content_types: Vec::new(),
            tags: Vec::new(),
            default_limit: None,
            max_limit: None,
            order_by_relevance: true,
        }
    }
}

impl TorznabConfig {
    /// Checks the values serde cannot; errors name the key (`torznab.profiles.NAME.…`).
    pub fn validate(&self) -> Result<(), String> {
        if let Some(key) = &self.api_key
            && key.trim().is_empty()
        {
            return Err(
                "torznab.api_key: must not be empty (leave it unset to serve without a key)"
                    .to_owned(),
            );
        }
        for (name, profile) in &self.profiles {
            if !is_profile_name(name) {
                return Err(format!(
                    "torznab.profiles: {name:?} is not a profile name (letters, digits, '.', \
                     '_' and '-', at most 64)"
                ));
            }
            profile.validate(name)?;
        }
        Ok(())
    }
}

/// Profile names are one URL path segment that needs no escaping.
fn is_profile_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && name != "."
        && name != ".."
}

impl TorznabProfile {
    /// Checks the profile called `name` (for the messages).
    pub fn validate(&self, name: &str) -> Result<(), String> {
        let key = |field: &str| format!("torznab.profiles.{name}.{field}");
        for content_type in &self.content_types {
            content_type
                .parse::<ContentType>()
                .map_err(|e| format!("{}: {e}", key("content_types")))?;
        }
        if let Some(bad) = self
            .tags
            .iter()
            .find(|t| !lodestone_store::tags::is_tag_name(t))
        {
            return Err(format!(
                "{}: {bad:?} is not a tag name (lower-case letters, digits, '-' and '_', at \
                 most 64)",
                key("tags")
            ));
        }
        let max = lodestone_search::MAX_LIMIT;
        if let Some(limit) = self.max_limit
            && !(1..=max).contains(&limit)
        {
            return Err(format!(
                "{}: {limit} is not between 1 and {max}",
                key("max_limit")
            ));
        }
        if let Some(limit) = self.default_limit
            && !(1..=self.max_limit()).contains(&limit)
        {
            return Err(format!(
                "{}: {limit} is not between 1 and max_limit ({})",
                key("default_limit"),
                self.max_limit()
            ));
        }
        Ok(())
    }

    /// The largest page this profile serves.
    pub fn max_limit(&self) -> usize {
        self.max_limit
            .unwrap_or(DEFAULT_LIMIT)
            .clamp(1, lodestone_search::MAX_LIMIT)
    }

    /// The page size of a request without `limit`.
    pub fn default_limit(&self) -> usize {
        self.default_limit
            .unwrap_or(DEFAULT_LIMIT)
            .clamp(1, self.max_limit())
    }

    /// The content types this profile serves; empty means all. Names that do not
    /// parse are skipped here ([`TorznabProfile::validate`] refuses them at start).
    pub fn content_types(&self) -> Vec<ContentType> {
        let mut types: Vec<ContentType> = self
            .content_types
            .iter()
            .filter_map(|t| t.parse().ok())
            .collect();
        types.sort_unstable();
        types.dedup();
        types
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml_like: serde_json::Value) -> Result<TorznabConfig, String> {
        let config: TorznabConfig = serde_json::from_value(yaml_like).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    #[test]
    fn defaults_serve_everything_100_at_a_time() {
        let config = config(serde_json::json!({})).unwrap();
        assert_eq!(config, TorznabConfig::default());
        let profile = TorznabProfile::default();
        assert_eq!(profile.default_limit(), 100);
        assert_eq!(profile.max_limit(), 100);
        assert!(profile.order_by_relevance);
        assert!(profile.content_types().is_empty());
        let partial: TorznabProfile = serde_json::from_value(serde_json::json!({
            "max_limit": 500
        }))
        .unwrap();
        assert!(partial.order_by_relevance);
        assert_eq!(partial.max_limit(), 500);
        assert_eq!(partial.default_limit(), 100);
        let small: TorznabProfile =
            serde_json::from_value(serde_json::json!({ "max_limit": 20 })).unwrap();
        assert_eq!(small.default_limit(), 20);
    }

    #[test]
    fn reads_profiles() {
        let config = config(serde_json::json!({
            "api_key": "secret",
            "profiles": {
                "movies": { "content_types": ["movie", "tv"], "tags": ["anime"],
                            "default_limit": 50, "max_limit": 1000,
                            "order_by_relevance": false }
            }
        }))
        .unwrap();
        assert_eq!(config.api_key.as_deref(), Some("secret"));
        let movies = &config.profiles["movies"];
        assert_eq!(
            movies.content_types(),
            [ContentType::Movie, ContentType::TvShow]
        );
        assert_eq!((movies.default_limit(), movies.max_limit()), (50, 1000));
        assert!(!movies.order_by_relevance);
    }

    #[test]
    fn refuses_bad_values_naming_the_key() {
        let cases = [
            (
                serde_json::json!({ "profiles": { "p": { "content_types": ["film"] } } }),
                "torznab.profiles.p.content_types: unknown content type \"film\"",
            ),
            (
                serde_json::json!({ "profiles": { "p": { "tags": ["Not A Tag"] } } }),
                "torznab.profiles.p.tags: ",
            ),
            (
                serde_json::json!({ "profiles": { "p": { "max_limit": 1001 } } }),
                "torznab.profiles.p.max_limit: 1001 is not between 1 and 1000",
            ),
            (
                serde_json::json!({ "profiles": { "p": { "max_limit": 0 } } }),
                "torznab.profiles.p.max_limit: 0 is not between 1 and 1000",
            ),
            (
                serde_json::json!({ "profiles": { "p": { "default_limit": 101 } } }),
                "torznab.profiles.p.default_limit: 101 is not between 1 and max_limit (100)",
            ),
            (
                serde_json::json!({ "profiles": { "a/b": {} } }),
                "torznab.profiles: \"a/b\" is not a profile name",
            ),
            (
                serde_json::json!({ "api_key": " " }),
                "torznab.api_key: must not be empty",
            ),
            (
                serde_json::json!({ "profiles": { "p": { "query_suffix": "x" } } }),
                "unknown field `query_suffix`",
            ),
            (
                serde_json::json!({ "apikey": "x" }),
                "unknown field `apikey`",
            ),
        ];
        for (value, want) in cases {
            let error = config(value.clone()).unwrap_err();
            assert!(
                error.starts_with(want) || error.contains(want),
                "{value}: {error}"
            );
        }
    }
}
