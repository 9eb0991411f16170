//! The search index of a Lodestone node.
//!
//! PostgreSQL is the system of record; this crate keeps a tantivy index derived from
//! it and answers searches from it: words, phrases, prefixes, field filters, exact
//! totals and facet counts, every order, offset and cursor paging.
//!
//! - [`request`]: what a search asks for and returns ([`SearchRequest`],
//!   [`SearchResponse`]); the API layers build these and never see tantivy;
//! - [`query`]: the query language parser;
//! - `schema`: the document layout (text fields, fast fields for every facet and order);
//! - `tokenizer`: the release-name and CJK aware tokenizer;
//! - `collector`: one pass over the matching documents that counts them, counts the
//!   facets and keeps the top of the requested order;
//! - `index`: opening the index, the [`Search`] handle;
//! - `indexer`: the one task that owns the `IndexWriter`: it keeps the index in step
//!   with PostgreSQL's change feed and rebuilds it when it is missing, stale or from
//!   another database.

mod collector;
mod error;
mod index;
mod indexer;
pub mod query;
pub mod request;
mod schema;
mod searcher;
pub mod tokenizer;

pub use error::{Result, SearchError};
pub use index::{IndexStatus, Search, SearchOptions};
pub use indexer::{Indexer, RebuildProgress};
pub use request::*;
