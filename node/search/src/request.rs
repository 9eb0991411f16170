//! What a search asks for and what it returns. The GraphQL API, Torznab and the CLI
//! all build a [`SearchRequest`]; none of them see tantivy.

use lodestone_proto::InfoHash;
use serde::{Deserialize, Serialize};

/// Facets that can be counted and filtered on. Values are strings:
/// content type `movie`, language `fr`, year `1999`, resolution `1080p`, source
/// `BluRay`, codec `x264`, 3D `V3D`, tag `x`, file type `video`, origin `1` (the origin
/// id). Video attributes use their canonical names; aliases (`1080p`, `bluray`) are
/// accepted in filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    ContentType,
    Language,
    Year,
    Resolution,
    Source,
    Codec,
    Video3d,
    Tag,
    FileType,
    Origin,
}

impl Facet {
    pub const ALL: [Facet; 10] = [
        Facet::ContentType,
        Facet::Language,
        Facet::Year,
        Facet::Resolution,
        Facet::Source,
        Facet::Codec,
        Facet::Video3d,
        Facet::Tag,
        Facet::FileType,
        Facet::Origin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Facet::ContentType => "content_type",
            Facet::Language => "language",
            Facet::Year => "year",
            Facet::Resolution => "resolution",
            Facet::Source => "source",
            Facet::Codec => "codec",
            Facet::Video3d => "video_3d",
            Facet::Tag => "tag",
            Facet::FileType => "file_type",
            Facet::Origin => "origin",
        }
    }

    /// Whether a torrent can have several values (and so `and` logic makes sense).
    pub fn is_multi_valued(self) -> bool {
        matches!(self, Facet::Language | Facet::Tag | Facet::FileType)
    }
}

/// How the values of one facet filter combine: `Or` matches torrents having any of
/// them, `And` torrents having all of them (only differs for multi-valued facets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Logic {
    #[default]
    Or,
    And,
}

/// A filter on one facet. An empty `values` list filters nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetFilter {
    pub facet: Facet,
    pub values: Vec<String>,
    #[serde(default)]
    pub logic: Logic,
}

/// Filters other than facets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    pub facets: Vec<FacetFilter>,
    /// Alternatives: a torrent must satisfy every filter of at least one of them (empty:
    /// no restriction). Torznab categories need this: `cat=2045,7020` is UHD movies
    /// or ebooks.
    #[serde(default)]
    pub any_of: Vec<Vec<FacetFilter>>,
    /// Only these torrents (empty: no restriction).
    pub info_hashes: Vec<InfoHash>,
    /// Attached to content with any of these external ids, as `source:id`
    /// (`imdb:tt0133093`, `tmdb:603`, `tvdb:81189`).
    pub external_ids: Vec<String>,
    /// Covers this season (a season pack or any episode of it).
    pub season: Option<u32>,
    /// Covers this episode of `season` (or the whole season).
    pub episode: Option<u32>,
}

/// Sort keys. Every order is total: ties are broken by info hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderField {
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
    pub const ALL: [OrderField; 8] = [
        OrderField::Relevance,
        OrderField::PublishedAt,
        OrderField::DiscoveredAt,
        OrderField::Size,
        OrderField::Seeders,
        OrderField::Leechers,
        OrderField::FilesCount,
        OrderField::Name,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderField::Relevance => "relevance",
            OrderField::PublishedAt => "published_at",
            OrderField::DiscoveredAt => "discovered_at",
            OrderField::Size => "size",
            OrderField::Seeders => "seeders",
            OrderField::Leechers => "leechers",
            OrderField::FilesCount => "files_count",
            OrderField::Name => "name",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        let s = match s.as_str() {
            "published" => "published_at",
            "discovered" => "discovered_at",
            "files" => "files_count",
            other => other,
        };
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// An order: a field and a direction. Torrents missing the field (no seeders known,
/// say) come last in either direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub field: OrderField,
    pub descending: bool,
}

impl Order {
    pub fn desc(field: OrderField) -> Self {
        Self {
            field,
            descending: true,
        }
    }

    pub fn asc(field: OrderField) -> Self {
        Self {
            field,
            descending: false,
        }
    }
}

impl Default for Order {
    /// Relevance when there are words to rank by; the engine falls back to newest
    /// first (published, descending) when the query has none.
    fn default() -> Self {
        Self::desc(OrderField::Relevance)
    }
}

/// Largest page a search returns.
pub const MAX_LIMIT: usize = 1000;

/// A search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// Query language text (see [`crate::query`]); empty matches everything.
    pub query: String,
    pub filters: Filters,
    pub order: Order,
    /// Page size, at most [`MAX_LIMIT`].
    pub limit: usize,
    /// Skip this many results (ignored with `cursor`).
    pub offset: usize,
    /// Continue after the hit this cursor came from (a [`Hit::cursor`] or
    /// [`SearchResponse::next_cursor`] of the same query and order).
    pub cursor: Option<String>,
    /// Facets to count. Counts are exact. The counts of a facet apply every filter
    /// except that facet's own, so they show what choosing another value would give.
    pub facets: Vec<Facet>,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            query: String::new(),
            filters: Filters::default(),
            order: Order::default(),
            limit: 20,
            offset: 0,
            cursor: None,
            facets: Vec::new(),
        }
    }
}

impl SearchRequest {
    pub fn query(query: impl Into<String>) -> Self {
        Self {
            query: query.into(),
            ..Self::default()
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub info_hash: InfoHash,
    /// BM25 score when ordered by relevance.
    pub score: Option<f32>,
    /// Resume after this hit.
    pub cursor: String,
}

/// The count of one facet value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// Counts of one facet, largest first (ties by value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCounts {
    pub facet: Facet,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResponse {
    /// Exact number of matching torrents.
    pub total: u64,
    pub hits: Vec<Hit>,
    /// Cursor of the last hit when more may follow.
    pub next_cursor: Option<String>,
    pub facets: Vec<FacetCounts>,
    /// The order actually used (relevance without words falls back to published).
    pub order: Order,
}
