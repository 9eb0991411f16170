//! The query root: `search`, `torrent`, the vocabularies a client builds its forms
//! from (`contentTypes`, `facets`, `orderFields`), `version` and `health`.

use async_graphql::{Context, Object, ResultExt, SimpleObject};

use super::error::ApiError;
use super::scalars::BigInt;
use super::search::{self, Facet, OrderField, SearchInput, SearchResult};
use super::torrent::{ContentType, Torrent, parse_info_hash};
use crate::AppState;

pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// Searches the index: query language, facet filters, exact totals and facet
    /// counts, every order, offset and cursor paging.
    #[graphql(complexity = "super::search_cost(input.limit, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        input: SearchInput,
    ) -> async_graphql::Result<SearchResult> {
        search::run(ctx, input).await.extend()
    }

    /// One torrent by info hash (hex, base32 or a magnet link); null when unknown.
    async fn torrent(
        &self,
        ctx: &Context<'_>,
        info_hash: String,
    ) -> async_graphql::Result<Option<Torrent>> {
        async {
            let hash = parse_info_hash(&info_hash)?;
            let state = ctx.data_unchecked::<AppState>();
            let summary = state.store.search_feed().summaries(&[hash]).await?;
            Ok::<_, ApiError>(summary.into_iter().next().map(Torrent::new))
        }
        .await
        .extend()
    }

    /// Every content type, with a label.
    async fn content_types(&self) -> Vec<ContentTypeInfo> {
        lodestone_proto::ContentType::ALL
            .iter()
            .map(|&ct| {
                let content_type = ContentType::from(ct);
                ContentTypeInfo {
                    content_type,
                    label: content_type.label(),
                }
            })
            .collect()
    }

    /// Every facet.
    async fn facets(&self) -> Vec<FacetInfo> {
        lodestone_search::Facet::ALL
            .iter()
            .map(|&f| FacetInfo {
                facet: f.into(),
                name: f.as_str(),
                label: facet_label(f),
                multi_valued: f.is_multi_valued(),
            })
            .collect()
    }

    /// Every order field, with its default direction.
    async fn order_fields(&self) -> Vec<OrderFieldInfo> {
        lodestone_search::OrderField::ALL
            .iter()
            .map(|&f| {
                let field = OrderField::from(f);
                OrderFieldInfo {
                    field,
                    name: f.as_str(),
                    default_descending: field.default_descending(),
                }
            })
            .collect()
    }

    /// This node's version.
    async fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    /// Whether the database answers and the index follows it.
    async fn health(&self, ctx: &Context<'_>) -> Health {
        let state = ctx.data_unchecked::<AppState>();
        let ping = state.store.ping().await;
        let database = DatabaseHealth {
            ok: ping.is_ok(),
            embedded: state.embedded_database,
            ping_ms: ping.as_ref().ok().map(|d| d.as_secs_f64() * 1000.0),
            error: ping.err().map(|e| crate::error_chain(&e)),
        };
        let status = state.search.status();
        let index = IndexHealth {
            ok: status.indexer_running && status.last_error.is_none(),
            documents: BigInt(i64::try_from(status.documents).unwrap_or(i64::MAX)),
            rebuilding: status.rebuilding,
            indexer_running: status.indexer_running,
            last_error: status.last_error,
        };
        Health {
            ok: database.ok && index.ok,
            version: env!("CARGO_PKG_VERSION"),
            uptime_seconds: BigInt(
                i64::try_from(state.started.elapsed().as_secs()).unwrap_or(i64::MAX),
            ),
            database,
            index,
        }
    }
}

fn facet_label(facet: lodestone_search::Facet) -> &'static str {
    use lodestone_search::Facet as F;
    match facet {
        F::ContentType => "Content type",
        F::Language => "Language",
        F::Year => "Year",
        F::Resolution => "Resolution",
        F::Source => "Source",
        F::Codec => "Codec",
        F::Video3d => "3D",
        F::Tag => "Tag",
        F::FileType => "File type",
        F::Origin => "Origin",
    }
}

/// A content type and its label.
#[derive(SimpleObject, Debug)]
pub struct ContentTypeInfo {
    pub content_type: ContentType,
    pub label: &'static str,
}

/// A facet, its snake_case name, and whether a torrent can have several of its values
/// (only then does `AND` logic differ from `OR`).
#[derive(SimpleObject, Debug)]
pub struct FacetInfo {
    pub facet: Facet,
    /// `content_type`, `language`, ...
    pub name: &'static str,
    pub label: &'static str,
    pub multi_valued: bool,
}

/// An order field, its snake_case name, and the direction used when `descending` is
/// not given.
#[derive(SimpleObject, Debug)]
pub struct OrderFieldInfo {
    pub field: OrderField,
    /// `relevance`, `published_at`, ...
    pub name: &'static str,
    pub default_descending: bool,
}

/// Health of the node.
#[derive(SimpleObject, Debug)]
pub struct Health {
    /// The database answers and the indexer runs without error.
    pub ok: bool,
    pub version: &'static str,
    pub uptime_seconds: BigInt,
    pub database: DatabaseHealth,
    pub index: IndexHealth,
}

#[derive(SimpleObject, Debug)]
pub struct DatabaseHealth {
    pub ok: bool,
    /// Whether the database is the node's own managed cluster.
    pub embedded: bool,
    /// Round trip of a trivial statement, in milliseconds.
    pub ping_ms: Option<f64>,
    pub error: Option<String>,
}

#[derive(SimpleObject, Debug)]
pub struct IndexHealth {
    /// The indexer runs and its last attempt succeeded.
    pub ok: bool,
    /// Torrents searchable now.
    pub documents: BigInt,
    /// A full rebuild is running; searches see the index as it was.
    pub rebuilding: bool,
    pub indexer_running: bool,
    /// The indexer's last error, cleared by its next success.
    pub last_error: Option<String>,
}
