//! The GraphQL API end to end: the real PostgreSQL (one database per test, from
//! `DATABASE_URL`), a real index in a temporary directory with its indexer running,
//! requests through the router.

mod facets;
mod mutations;
mod order;
mod search;
mod service;
mod support;
mod torrent;
