//! A Torznab search as a [`SearchRequest`], run against the index and hydrated from
//! the store.
//!
//! - `q` becomes plain words ([`super::free_text`]); a text `ep` (daily shows:
//!   `season=2024&ep=02/14`) adds its words (`2024 02 14`) instead of filters;
//! - `imdbid`, `tmdbid`, `tvdbid` become external id filters (any of them matches);
//! - `season` and a numeric `ep` become the season and episode filters;
//! - `cat` becomes alternatives ([`Filters::any_of`]), one per category asked for
//!   ([`categories::filter_for`]), so a result is in one of the requested categories;
//! - content types: the profile's, and without a known category in `cat` also those of
//!   the function (`tvsearch`: TV, `movie`: movies, `music`: music, `book`: e-books,
//!   comics and audiobooks, `search`: all); the profile's tags must all be present;
//! - order: relevance when there are words and the profile allows it, else newest
//!   published first (what RSS sync and the *arr "Test" button read);
//! - `limit` (default and cap from the profile) and `offset` page through one total
//!   order, so consecutive pages neither skip nor repeat.

use lodestone_proto::ContentType;
use lodestone_search::{Facet, FacetFilter, Filters, Logic, Order, OrderField, SearchRequest};
use lodestone_store::search_feed::TorrentSummary;

use super::categories;
use super::config::TorznabProfile;
use super::error::TorznabError;
use super::free_text::query_words;
use super::params::{Episode, Function, SearchParams};
use crate::AppState;

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page {
    pub offset: usize,
    /// Every match, not only this page.
    pub total: u64,
    pub items: Vec<TorrentSummary>,
}

/// The content types a function searches when `cat` names no known category; empty
/// means all.
pub fn function_content_types(function: Function) -> &'static [ContentType] {
    match function {
        Function::Caps | Function::Search => &[],
        Function::TvSearch => &[ContentType::TvShow],
        Function::Movie => &[ContentType::Movie],
        Function::Music => &[ContentType::Music],
        Function::Book => &[
            ContentType::Ebook,
            ContentType::Comic,
            ContentType::Audiobook,
        ],
    }
}

/// Whether a profile serving `profile_types` (empty: all) can answer `function` at all.
pub fn function_available(function: Function, profile_types: &[ContentType]) -> bool {
    let types = function_content_types(function);
    types.is_empty() || profile_types.is_empty() || types.iter().any(|t| profile_types.contains(t))
}

/// The search for `params` under `profile`; `None` when nothing can match (the
/// requested categories and the profile share no content type).
pub fn build_request(
    function: Function,
    params: &SearchParams,
    profile: &TorznabProfile,
) -> Option<SearchRequest> {
    let mut words = params.q.as_deref().map(query_words).unwrap_or_default();
    if let Some(Episode::Text(date)) = &params.episode {
        let date = match &params.season {
            Some(season) => format!("{season} {date}"),
            None => date.clone(),
        };
        let date = query_words(&date.replace(['.', '_'], " "));
        if !date.is_empty() {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(&date);
        }
    }

    let mut filters = Filters::default();
    let profile_types = profile.content_types();
    // The content types every result must have: the profile's, and the function's
    // unless `cat` names a known category.
    let types: Vec<ContentType> = match categories::filter_for(&params.categories, &profile_types) {
        Some(alternatives) if alternatives.is_empty() => return None,
        Some(alternatives) => {
            filters.any_of = alternatives
                .iter()
                .map(categories::Alternative::facet_filters)
                .collect();
            profile_types
        }
        None => {
            let of_function = function_content_types(function);
            let types: Vec<ContentType> = match (of_function, profile_types.as_slice()) {
                (all, []) => all.to_vec(),
                ([], served) => served.to_vec(),
                (searched, served) => searched
                    .iter()
                    .copied()
                    .filter(|t| served.contains(t))
                    .collect(),
            };
            if types.is_empty() && !profile_types.is_empty() {
                return None;
            }
            types
        }
    };
    if !types.is_empty() {
        filters.facets.push(FacetFilter {
            facet: Facet::ContentType,
            values: types.iter().map(|t| t.as_str().to_owned()).collect(),
            logic: Logic::Or,
        });
    }
    let mut tags: Vec<String> = profile.tags.clone();
    tags.sort_unstable();
    tags.dedup();
    if !tags.is_empty() {
        filters.facets.push(FacetFilter {
            facet: Facet::Tag,
            values: tags,
            logic: Logic::And,
        });
    }

    if let Some(id) = &params.imdb_id {
        filters.external_ids.push(format!("imdb:{id}"));
    }
    if let Some(id) = params.tmdb_id {
        filters.external_ids.push(format!("tmdb:{id}"));
    }
    if let Some(id) = params.tvdb_id {
        filters.external_ids.push(format!("tvdb:{id}"));
    }
    if let Some(season) = params.season_number()
        && !matches!(params.episode, Some(Episode::Text(_)))
    {
        filters.season = Some(season);
        if let Some(Episode::Number(episode)) = params.episode {
            filters.episode = Some(episode);
        }
    }

    let order = if words.is_empty() || !profile.order_by_relevance {
        Order::desc(OrderField::PublishedAt)
    } else {
        Order::desc(OrderField::Relevance)
    };
    let limit = match params.limit {
        Some(0) | None => profile.default_limit(),
        Some(limit) => limit.min(profile.max_limit()),
    };
    Some(SearchRequest {
        query: words,
        filters,
        order,
        limit,
        offset: params.offset,
        cursor: None,
        facets: Vec::new(),
    })
}

/// Runs the search and reads the summaries of the hits, in hit order.
pub async fn run(
    state: &AppState,
    function: Function,
    params: &SearchParams,
    profile: &TorznabProfile,
) -> Result<Page, TorznabError> {
    let Some(request) = build_request(function, params, profile) else {
        return Ok(Page {
            offset: params.offset,
            total: 0,
            items: Vec::new(),
        });
    };
    tracing::debug!(
        query = %request.query,
        offset = request.offset,
        limit = request.limit,
        "torznab search"
    );
    let response = state
        .search
        .search(request)
        .await
        .map_err(TorznabError::Search)?;
    let hashes: Vec<_> = response.hits.iter().map(|h| h.info_hash).collect();
    // A torrent deleted between the search and this read is left out.
    let items = state
        .store
        .search_feed()
        .summaries(&hashes)
        .await
        .map_err(TorznabError::Store)?;
    Ok(Page {
        offset: params.offset,
        total: response.total,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::torznab::params::RawParams;

    fn request(
        function: Function,
        pairs: &[(&str, &str)],
        profile: &TorznabProfile,
    ) -> Option<SearchRequest> {
        let raw = RawParams::from_pairs(pairs.iter().copied());
        let params = SearchParams::read(function, &raw).unwrap();
        build_request(function, &params, profile)
    }

    fn default_request(function: Function, pairs: &[(&str, &str)]) -> SearchRequest {
        request(function, pairs, &TorznabProfile::default()).unwrap()
    }

    fn facet(r: &SearchRequest, facet: Facet) -> Option<&FacetFilter> {
        r.filters.facets.iter().find(|f| f.facet == facet)
    }

    fn values(r: &SearchRequest, f: Facet) -> Vec<String> {
        facet(r, f).map(|f| f.values.clone()).unwrap_or_default()
    }

    #[test]
    fn without_words_newest_first_with_profile_limits() {
        let r = default_request(Function::Search, &[]);
        assert_eq!(r.query, "");
        assert_eq!(r.order, Order::desc(OrderField::PublishedAt));
        assert_eq!((r.limit, r.offset), (100, 0));
        assert_eq!(r.filters, Filters::default());
        let r = default_request(Function::Search, &[("limit", "5000"), ("offset", "300")]);
        assert_eq!((r.limit, r.offset), (100, 300));
        let r = default_request(Function::Search, &[("limit", "0")]);
        assert_eq!(r.limit, 100);
        let profile = TorznabProfile {
            default_limit: Some(25),
            max_limit: Some(1000),
            ..TorznabProfile::default()
        };
        let r = request(Function::Search, &[], &profile).unwrap();
        assert_eq!(r.limit, 25);
        let r = request(Function::Search, &[("limit", "5000")], &profile).unwrap();
        assert_eq!(r.limit, 1000);
    }

    #[test]
    fn words_rank_by_relevance_unless_the_profile_says_otherwise() {
        let r = default_request(Function::Search, &[("q", "The Office (US)")]);
        assert_eq!(r.query, "The Office US");
        assert_eq!(r.order, Order::desc(OrderField::Relevance));
        let profile = TorznabProfile {
            order_by_relevance: false,
            ..TorznabProfile::default()
        };
        let r = request(Function::Search, &[("q", "x")], &profile).unwrap();
        assert_eq!(r.order, Order::desc(OrderField::PublishedAt));
        // Only syntax: no words, newest first.
        let r = default_request(Function::Search, &[("q", "\"-*:")]);
        assert_eq!(
            (r.query.as_str(), r.order),
            ("", Order::desc(OrderField::PublishedAt))
        );
    }

    #[test]
    fn ids_season_and_episode_become_filters() {
        let r = default_request(
            Function::TvSearch,
            &[
                ("tvdbid", "81189"),
                ("imdbid", "903747"),
                ("tmdbid", "1396"),
                ("season", "1"),
                ("ep", "2"),
            ],
        );
        assert_eq!(
            r.filters.external_ids,
            ["imdb:tt0903747", "tmdb:1396", "tvdb:81189"]
        );
        assert_eq!((r.filters.season, r.filters.episode), (Some(1), Some(2)));
        assert_eq!(values(&r, Facet::ContentType), ["tv_show"]);
        assert_eq!(r.order, Order::desc(OrderField::PublishedAt));
        // A season search, and an episode without a season (ignored).
        let r = default_request(Function::TvSearch, &[("season", "3")]);
        assert_eq!((r.filters.season, r.filters.episode), (Some(3), None));
        let r = default_request(Function::TvSearch, &[("ep", "3")]);
        assert_eq!((r.filters.season, r.filters.episode), (None, None));
        let r = default_request(
            Function::Movie,
            &[("imdbid", "tt0133093"), ("q", "The Matrix 1999")],
        );
        assert_eq!(r.filters.external_ids, ["imdb:tt0133093"]);
        assert_eq!(r.query, "The Matrix 1999");
        assert_eq!(values(&r, Facet::ContentType), ["movie"]);
    }

    #[test]
    fn daily_episodes_are_words() {
        let r = default_request(
            Function::TvSearch,
            &[("q", "The Daily Show"), ("season", "2024"), ("ep", "02/14")],
        );
        assert_eq!(r.query, "The Daily Show 2024 02 14");
        assert_eq!((r.filters.season, r.filters.episode), (None, None));
        let r = default_request(Function::TvSearch, &[("season", "2024"), ("ep", "02.14")]);
        assert_eq!(r.query, "2024 02 14");
    }

    /// The alternatives of a request, each as its filters' facets and values.
    fn alternatives(r: &SearchRequest) -> Vec<Vec<(Facet, Vec<String>)>> {
        r.filters
            .any_of
            .iter()
            .map(|a| a.iter().map(|f| (f.facet, f.values.clone())).collect())
            .collect()
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn functions_and_profiles_decide_content_types() {
        assert_eq!(
            values(&default_request(Function::Search, &[]), Facet::ContentType),
            Vec::<String>::new()
        );
        assert_eq!(
            values(&default_request(Function::Music, &[]), Facet::ContentType),
            ["music"]
        );
        assert_eq!(
            values(&default_request(Function::Book, &[]), Facet::ContentType),
            ["ebook", "comic", "audiobook"]
        );
        // Only unknown categories: the function decides.
        let r = default_request(Function::TvSearch, &[("cat", "1000")]);
        assert_eq!(values(&r, Facet::ContentType), ["tv_show"]);
        assert!(r.filters.any_of.is_empty());

        let movies = TorznabProfile {
            content_types: vec!["movie".into()],
            tags: vec!["hd".into(), "hd".into()],
            ..TorznabProfile::default()
        };
        let r = request(Function::Search, &[], &movies).unwrap();
        assert_eq!(values(&r, Facet::ContentType), ["movie"]);
        let tags = facet(&r, Facet::Tag).unwrap();
        assert_eq!(
            (tags.values.as_slice(), tags.logic),
            (["hd".to_owned()].as_slice(), Logic::And)
        );
        assert!(request(Function::TvSearch, &[], &movies).is_none());
    }

    #[test]
    fn categories_become_alternatives() {
        // `cat` wins over the function's content types.
        let r = default_request(Function::TvSearch, &[("cat", "2000")]);
        assert_eq!(values(&r, Facet::ContentType), Vec::<String>::new());
        assert_eq!(
            alternatives(&r),
            [vec![(Facet::ContentType, strings(&["movie"]))]]
        );
        let r = default_request(Function::Search, &[("cat", "2045,2040")]);
        assert_eq!(
            alternatives(&r),
            [vec![
                (Facet::ContentType, strings(&["movie"])),
                (
                    Facet::Resolution,
                    strings(&["V720p", "V1080p", "V1440p", "V2160p", "V4320p"])
                ),
            ]]
        );
        let r = default_request(Function::Search, &[("cat", "2050,2060,7020")]);
        assert_eq!(
            alternatives(&r),
            [
                vec![
                    (Facet::ContentType, strings(&["movie"])),
                    (Facet::Source, strings(&["BluRay"])),
                ],
                vec![
                    (Facet::ContentType, strings(&["movie"])),
                    (Facet::Video3d, strings(&["V3D", "V3DSBS", "V3DOU"])),
                ],
                vec![(Facet::ContentType, strings(&["ebook"]))],
            ]
        );

        // The profile's content types still hold; categories it does not serve drop
        // out, and with none left nothing can match.
        let movies = TorznabProfile {
            content_types: vec!["movie".into()],
            ..TorznabProfile::default()
        };
        let r = request(Function::Search, &[("cat", "2000,5000")], &movies).unwrap();
        assert_eq!(values(&r, Facet::ContentType), ["movie"]);
        assert_eq!(
            alternatives(&r),
            [vec![(Facet::ContentType, strings(&["movie"]))]]
        );
        assert!(request(Function::Search, &[("cat", "5000")], &movies).is_none());
    }

    #[test]
    fn anime_is_an_alternative_beside_the_profile_tags() {
        let r = default_request(Function::Search, &[("cat", "5070"), ("q", "Frieren 05")]);
        assert_eq!(
            alternatives(&r),
            [vec![
                (Facet::ContentType, strings(&["tv_show"])),
                (Facet::Tag, strings(&["anime"])),
            ]]
        );
        assert!(r.filters.facets.is_empty());
        let profile = TorznabProfile {
            tags: vec!["subbed".into(), "anime".into()],
            ..TorznabProfile::default()
        };
        let r = request(Function::Search, &[("cat", "5070,2045")], &profile).unwrap();
        let tags = facet(&r, Facet::Tag).unwrap();
        assert_eq!(tags.values, ["anime", "subbed"]);
        assert_eq!(tags.logic, Logic::And);
        assert_eq!(r.filters.any_of.len(), 2);
    }

    #[test]
    fn functions_a_profile_cannot_answer() {
        let movies = [ContentType::Movie];
        assert!(function_available(Function::Search, &movies));
        assert!(function_available(Function::Movie, &movies));
        assert!(!function_available(Function::TvSearch, &movies));
        assert!(!function_available(Function::Music, &movies));
        assert!(!function_available(Function::Book, &movies));
        assert!(function_available(
            Function::Book,
            &[ContentType::Audiobook]
        ));
        assert!(function_available(Function::TvSearch, &[]));
    }
}
