//! `search`: its input, the translation into a [`SearchRequest`] and its result.
//!
//! The search itself runs in the search crate; this module checks the input (bounds,
//! info hashes, list sizes), turns it into a request, and hydrates the hits into
//! [`Torrent`]s with one summary read for the whole page (skipped when `items` is not
//! selected, so a counts-only query touches PostgreSQL not at all).

use std::collections::HashMap;

use async_graphql::{Context, Enum, InputObject, SimpleObject};
use lodestone_search::{FacetFilter, Filters, MAX_LIMIT, Order, SearchRequest, SearchResponse};

use super::error::ApiError;
use super::torrent::{Torrent, parse_info_hashes};
use crate::AppState;

/// Most info hashes a search filter may list.
pub const MAX_FILTER_INFO_HASHES: usize = 1000;
/// Most external ids a search filter may list.
pub const MAX_EXTERNAL_IDS: usize = 100;
/// Most facet values all facet filters of one search (`facets` and `anyOf` together)
/// may list.
pub const MAX_FACET_VALUES: usize = 1000;
/// Most alternatives `anyOf` may list.
pub const MAX_ALTERNATIVES: usize = 100;

/// A facet: a property search results can be filtered on and counted by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "lodestone_search::Facet")]
pub enum Facet {
    /// `movie`, `tv_show`, ... (the `ContentType` values).
    ContentType,
    /// Lower-case language codes: `en`, `fr`. Multi-valued.
    Language,
    /// Release year: `1999`.
    Year,
    /// `V720p`, `V1080p`, `V2160p`, ... (bitmagnet's names; `1080p` is read as
    /// `V1080p` in filters).
    Resolution,
    /// Video source: `BluRay`, `WEBDL`, `WEBRip`, ...
    Source,
    /// Video codec: `x264`, `x265`, `H264`, ...
    Codec,
    /// 3D layout: `V3D`, `V3DSBS` (side by side), `V3DOU` (over-under); `3d` is read
    /// as `V3D` in filters.
    #[graphql(name = "VIDEO_3D")]
    Video3d,
    /// Tags. Multi-valued.
    Tag,
    /// Types of the files held: `video`, `audio`, ... Multi-valued.
    FileType,
    /// Id of the node that first recorded the torrent: `1` is this node.
    Origin,
}

/// How the values of one facet filter combine.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "lodestone_search::Logic")]
pub enum FacetLogic {
    /// Torrents having any of the values.
    #[default]
    Or,
    /// Torrents having all of the values (differs from `OR` only for multi-valued
    /// facets).
    And,
}

/// What results can be ordered by. Every order is total: ties are broken by info hash,
/// so paging never repeats or skips a torrent.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "lodestone_search::OrderField")]
pub enum OrderField {
    /// BM25 score of the query's words, always best first (`descending` is ignored);
    /// without words, newest published first.
    Relevance,
    PublishedAt,
    DiscoveredAt,
    Size,
    Seeders,
    Leechers,
    FilesCount,
    Name,
}

impl OrderField {
    /// Direction when `descending` is not given: A to Z for names; largest, newest and
    /// best first for everything else.
    pub fn default_descending(self) -> bool {
        self != OrderField::Name
    }
}

/// A filter on one facet.
#[derive(InputObject, Debug, Clone)]
pub struct FacetFilterInput {
    pub facet: Facet,
    /// Values as the facet's aggregation reports them; an empty list filters nothing.
    pub values: Vec<String>,
    #[graphql(default)]
    pub logic: FacetLogic,
}

impl From<FacetFilterInput> for FacetFilter {
    fn from(f: FacetFilterInput) -> Self {
        FacetFilter {
            facet: f.facet.into(),
            values: f.values,
            logic: f.logic.into(),
        }
    }
}

/// An order. Torrents missing the field (no seeders known, say) come last either way.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct OrderByInput {
    pub field: OrderField,
    /// Default: ascending for `NAME`, descending for everything else. `RELEVANCE` is
    /// always best first.
    pub descending: Option<bool>,
}

/// A search. Every part is optional: `search(input: {})` lists everything, newest
/// first.
#[derive(InputObject, Debug, Clone)]
pub struct SearchInput {
    /// Query language: words, `"phrases"`, `-excluded`, `prefix*`, and filters such as
    /// `type:movie`, `year:1990..1999`, `res:1080p`, `tag:x`, `size:>1gb`,
    /// `seeders:>10`. Errors carry the bad token's `position` (characters from 0) and
    /// `token` in their extensions.
    pub query: Option<String>,
    /// Facet filters; each facet's filter combines its values with its `logic`, and the
    /// filters of different facets must all hold.
    pub facets: Option<Vec<FacetFilterInput>>,
    /// Alternatives: a torrent must satisfy every filter of at least one of these lists,
    /// and the rest of the input as well. UHD movies or e-books:
    /// `[[{facet: CONTENT_TYPE, values: ["movie"]}, {facet: RESOLUTION, values:
    /// ["2160p"]}], [{facet: CONTENT_TYPE, values: ["ebook"]}]]`. An empty list
    /// restricts nothing, and neither does an alternative without filters. At most 100
    /// alternatives; their values count towards the 1000 facet values of a search.
    /// Alternatives apply to the counts of every facet, its own included.
    pub any_of: Option<Vec<Vec<FacetFilterInput>>>,
    /// Only these torrents (hex, base32 or magnet links).
    pub info_hashes: Option<Vec<String>>,
    /// Attached to content with any of these ids, as `source:id`: `imdb:tt0133093`,
    /// `tmdb:603`, `tvdb:81189`.
    pub external_ids: Option<Vec<String>>,
    /// Covers this season (a season pack or any episode of it).
    pub season: Option<i32>,
    /// Covers this episode of `season` (or the whole season).
    pub episode: Option<i32>,
    /// Default: `RELEVANCE`, descending.
    pub order_by: Option<OrderByInput>,
    /// Page size, 0 to 1000. 0 returns only counts and aggregations.
    #[graphql(default = 20)]
    pub limit: i32,
    /// Results to skip. Cannot be combined with `cursor`.
    #[graphql(default = 0)]
    pub offset: i32,
    /// Continue after the result this cursor came from (a `cursor` or `nextCursor` of
    /// the same query and order).
    pub cursor: Option<String>,
    /// Facets to count. Counts are exact, and the counts of a facet apply every filter
    /// except that facet's own in `facets`, so they show what choosing another value
    /// would give.
    pub aggregate: Option<Vec<Facet>>,
}

impl SearchInput {
    /// Checks the input and builds the search crate's request.
    pub fn into_request(self) -> Result<SearchRequest, ApiError> {
        let limit = usize::try_from(self.limit)
            .ok()
            .filter(|&l| l <= MAX_LIMIT)
            .ok_or_else(|| {
                ApiError::BadRequest(format!("limit must be between 0 and {MAX_LIMIT}"))
            })?;
        let offset = usize::try_from(self.offset)
            .map_err(|_| ApiError::BadRequest("offset must not be negative".into()))?;
        if offset > 0 && self.cursor.is_some() {
            return Err(ApiError::BadRequest(
                "offset and cursor cannot be combined: a cursor already says where to continue"
                    .into(),
            ));
        }
        let season = non_negative("season", self.season)?;
        let episode = non_negative("episode", self.episode)?;
        if episode.is_some() && season.is_none() {
            return Err(ApiError::BadRequest(
                "episode needs a season as well".into(),
            ));
        }

        let facets = self.facets.unwrap_or_default();
        let any_of = self.any_of.unwrap_or_default();
        if any_of.len() > MAX_ALTERNATIVES {
            return Err(ApiError::TooMany {
                what: "alternatives",
                got: any_of.len(),
                max: MAX_ALTERNATIVES,
            });
        }
        let values: usize = facets
            .iter()
            .chain(any_of.iter().flatten())
            .map(|f| f.values.len())
            .sum();
        if values > MAX_FACET_VALUES {
            return Err(ApiError::TooMany {
                what: "facet values",
                got: values,
                max: MAX_FACET_VALUES,
            });
        }
        let info_hashes = parse_info_hashes(
            &self.info_hashes.unwrap_or_default(),
            MAX_FILTER_INFO_HASHES,
        )?;
        let external_ids = self.external_ids.unwrap_or_default();
        if external_ids.len() > MAX_EXTERNAL_IDS {
            return Err(ApiError::TooMany {
                what: "external ids",
                got: external_ids.len(),
                max: MAX_EXTERNAL_IDS,
            });
        }
        if let Some(bad) = external_ids.iter().find(
            |id| !matches!(id.split_once(':'), Some((s, i)) if !s.is_empty() && !i.is_empty()),
        ) {
            let bad: String = bad.chars().take(ApiError::ECHO_LEN).collect();
            return Err(ApiError::BadRequest(format!(
                "external id {bad:?} is not source:id (like imdb:tt0133093)"
            )));
        }

        let order = match self.order_by {
            // Relevance is always best first.
            Some(o) if o.field == OrderField::Relevance => Order::default(),
            Some(o) => Order {
                field: o.field.into(),
                descending: o.descending.unwrap_or(o.field.default_descending()),
            },
            None => Order::default(),
        };
        let mut aggregate: Vec<lodestone_search::Facet> = Vec::new();
        for facet in self.aggregate.unwrap_or_default() {
            let facet = facet.into();
            if !aggregate.contains(&facet) {
                aggregate.push(facet);
            }
        }

        Ok(SearchRequest {
            query: self.query.unwrap_or_default(),
            filters: Filters {
                facets: facets.into_iter().map(FacetFilter::from).collect(),
                any_of: any_of
                    .into_iter()
                    .map(|alternative| alternative.into_iter().map(FacetFilter::from).collect())
                    .collect(),
                info_hashes,
                external_ids,
                season,
                episode,
            },
            order,
            limit,
            offset,
            cursor: self.cursor,
            facets: aggregate,
        })
    }
}

fn non_negative(name: &str, value: Option<i32>) -> Result<Option<u32>, ApiError> {
    value
        .map(|v| {
            u32::try_from(v)
                .map_err(|_| ApiError::BadRequest(format!("{name} must not be negative")))
        })
        .transpose()
}

/// A page of search results.
#[derive(SimpleObject)]
pub struct SearchResult {
    /// Exact number of matching torrents.
    pub total_count: u64,
    /// Whether another page follows; continue with `nextCursor` (or a larger offset).
    pub has_next_page: bool,
    /// Cursor of the last result when another page follows.
    pub next_cursor: Option<String>,
    /// The order used: `RELEVANCE` without words to rank by falls back to newest
    /// published first.
    pub order: OrderBy,
    pub items: Vec<TorrentResult>,
    /// Counts of the facets asked for in `aggregate`, in that order.
    pub aggregations: Vec<FacetAggregation>,
}

/// One search result.
#[derive(SimpleObject)]
pub struct TorrentResult {
    /// Continue after this result.
    pub cursor: String,
    /// BM25 score when ordered by relevance.
    pub score: Option<f64>,
    pub torrent: Torrent,
}

/// An order as used.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct OrderBy {
    pub field: OrderField,
    pub descending: bool,
}

/// The counts of one facet's values.
#[derive(SimpleObject, Debug)]
pub struct FacetAggregation {
    pub facet: Facet,
    /// Largest first (years: newest first).
    pub values: Vec<FacetValueCount>,
}

#[derive(SimpleObject, Debug)]
pub struct FacetValueCount {
    pub value: String,
    pub count: u64,
}

/// Runs a search and hydrates its hits (when `items` is selected).
pub async fn run(ctx: &Context<'_>, input: SearchInput) -> Result<SearchResult, ApiError> {
    let state = ctx.data_unchecked::<AppState>();
    let request = input.into_request()?;
    let asked: Vec<lodestone_search::Facet> = request.facets.clone();
    let response = state.search.search(request).await?;
    let items = if ctx.look_ahead().field("items").exists() {
        hydrate(state, &response).await?
    } else {
        Vec::new()
    };
    let mut aggregations: Vec<FacetAggregation> = response
        .facets
        .into_iter()
        .map(|counts| FacetAggregation {
            facet: counts.facet.into(),
            values: counts
                .values
                .into_iter()
                .map(|v| FacetValueCount {
                    value: v.value,
                    count: v.count,
                })
                .collect(),
        })
        .collect();
    aggregations.sort_by_key(|a| {
        asked
            .iter()
            .position(|&f| f == lodestone_search::Facet::from(a.facet))
    });
    Ok(SearchResult {
        total_count: response.total,
        has_next_page: response.next_cursor.is_some(),
        next_cursor: response.next_cursor,
        order: OrderBy {
            field: response.order.field.into(),
            descending: response.order.descending,
        },
        items,
        aggregations,
    })
}

/// Summaries of the hits in one read, in hit order. A hit whose torrent was deleted
/// after the index answered is left out.
async fn hydrate(
    state: &AppState,
    response: &SearchResponse,
) -> Result<Vec<TorrentResult>, ApiError> {
    let hashes: Vec<_> = response.hits.iter().map(|h| h.info_hash).collect();
    let mut summaries: HashMap<_, _> = state
        .store
        .search_feed()
        .summaries(&hashes)
        .await?
        .into_iter()
        .map(|s| (s.info_hash, s))
        .collect();
    Ok(response
        .hits
        .iter()
        .filter_map(|hit| {
            let summary = summaries.remove(&hit.info_hash)?;
            Some(TorrentResult {
                cursor: hit.cursor.clone(),
                score: hit.score.map(f64::from),
                torrent: Torrent::new(summary),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SearchInput {
        SearchInput {
            query: None,
            facets: None,
            any_of: None,
            info_hashes: None,
            external_ids: None,
            season: None,
            episode: None,
            order_by: None,
            limit: 20,
            offset: 0,
            cursor: None,
            aggregate: None,
        }
    }

    #[test]
    fn empty_input_is_the_default_request() {
        assert_eq!(
            input().into_request().expect("valid"),
            SearchRequest::default()
        );
    }

    #[test]
    fn bounds_are_checked() {
        let bad = [
            SearchInput {
                limit: MAX_LIMIT as i32 + 1,
                ..input()
            },
            SearchInput {
                limit: -1,
                ..input()
            },
            SearchInput {
                offset: -1,
                ..input()
            },
            SearchInput {
                offset: 5,
                cursor: Some("c".into()),
                ..input()
            },
            SearchInput {
                season: Some(-1),
                ..input()
            },
            SearchInput {
                episode: Some(2),
                ..input()
            },
            SearchInput {
                external_ids: Some(vec!["tt0133093".into()]),
                ..input()
            },
        ];
        for case in bad {
            let error = case.clone().into_request().unwrap_err();
            assert_eq!(error.code(), "BAD_REQUEST", "{case:?}");
        }
        let limit = SearchInput {
            limit: MAX_LIMIT as i32,
            ..input()
        };
        assert_eq!(limit.into_request().expect("valid").limit, MAX_LIMIT);
    }

    #[test]
    fn lists_are_capped() {
        let facets = SearchInput {
            facets: Some(vec![FacetFilterInput {
                facet: Facet::Tag,
                values: vec!["x".into(); MAX_FACET_VALUES + 1],
                logic: FacetLogic::Or,
            }]),
            ..input()
        };
        assert_eq!(facets.into_request().unwrap_err().code(), "TOO_MANY");
        let ids = SearchInput {
            external_ids: Some(vec!["imdb:tt1".into(); MAX_EXTERNAL_IDS + 1]),
            ..input()
        };
        assert_eq!(ids.into_request().unwrap_err().code(), "TOO_MANY");
        let tags = |n: usize| FacetFilterInput {
            facet: Facet::Tag,
            values: vec!["x".into(); n],
            logic: FacetLogic::Or,
        };
        let alternatives = SearchInput {
            any_of: Some(vec![vec![]; MAX_ALTERNATIVES + 1]),
            ..input()
        };
        assert_eq!(alternatives.into_request().unwrap_err().code(), "TOO_MANY");
        let alternatives = SearchInput {
            any_of: Some(vec![vec![]; MAX_ALTERNATIVES]),
            ..input()
        };
        assert!(alternatives.into_request().is_ok());
        // `facets` and `anyOf` share one cap on values.
        let half = MAX_FACET_VALUES / 2;
        let shared = |extra: usize| SearchInput {
            facets: Some(vec![tags(half)]),
            any_of: Some(vec![vec![tags(half - 10)], vec![tags(5), tags(5 + extra)]]),
            ..input()
        };
        assert!(shared(0).into_request().is_ok());
        assert_eq!(shared(1).into_request().unwrap_err().code(), "TOO_MANY");
    }

    #[test]
    fn order_direction_defaults_by_field() {
        let cases = [
            (OrderField::Name, None, false),
            (OrderField::Size, None, true),
            (OrderField::Relevance, Some(false), true),
        ];
        for (field, asked, descending) in cases {
            let request = SearchInput {
                order_by: Some(OrderByInput {
                    field,
                    descending: asked,
                }),
                ..input()
            }
            .into_request()
            .expect("valid");
            assert_eq!(request.order.descending, descending);
        }
    }

    #[test]
    fn filters_and_aggregations_translate() {
        let request = SearchInput {
            query: Some("matrix".into()),
            facets: Some(vec![FacetFilterInput {
                facet: Facet::Language,
                values: vec!["en".into(), "fr".into()],
                logic: FacetLogic::And,
            }]),
            season: Some(1),
            episode: Some(2),
            aggregate: Some(vec![Facet::Year, Facet::ContentType, Facet::Year]),
            ..input()
        }
        .into_request()
        .expect("valid");
        assert_eq!(request.query, "matrix");
        assert_eq!(
            request.filters.facets,
            [FacetFilter {
                facet: lodestone_search::Facet::Language,
                values: vec!["en".into(), "fr".into()],
                logic: lodestone_search::Logic::And,
            }]
        );
        assert_eq!(request.filters.any_of, Vec::<Vec<FacetFilter>>::new());
        assert_eq!(
            (request.filters.season, request.filters.episode),
            (Some(1), Some(2))
        );
        assert_eq!(
            request.facets,
            [
                lodestone_search::Facet::Year,
                lodestone_search::Facet::ContentType
            ]
        );
    }

    #[test]
    fn alternatives_translate_in_order() {
        let filter = |facet, values: &[&str]| FacetFilterInput {
            facet,
            values: values.iter().map(|v| v.to_string()).collect(),
            logic: FacetLogic::Or,
        };
        let request = SearchInput {
            any_of: Some(vec![
                vec![
                    filter(Facet::ContentType, &["movie"]),
                    filter(Facet::Video3d, &["3d", "V3DSBS"]),
                ],
                vec![],
                vec![filter(Facet::Tag, &["anime"])],
            ]),
            ..input()
        }
        .into_request()
        .expect("valid");
        let search = |facet, values: &[&str]| FacetFilter {
            facet,
            values: values.iter().map(|v| v.to_string()).collect(),
            logic: lodestone_search::Logic::Or,
        };
        use lodestone_search::Facet as F;
        assert_eq!(
            request.filters.any_of,
            [
                vec![
                    search(F::ContentType, &["movie"]),
                    search(F::Video3d, &["3d", "V3DSBS"]),
                ],
                vec![],
                vec![search(F::Tag, &["anime"])],
            ]
        );
        assert!(request.filters.facets.is_empty());
    }

    #[test]
    fn every_facet_has_a_graphql_value() {
        for facet in lodestone_search::Facet::ALL {
            assert_eq!(lodestone_search::Facet::from(Facet::from(facet)), facet);
        }
    }
}
