//! Harness for end-to-end tests and benchmark programs that run whole Lodestone
//! nodes: a fresh database per test on the test PostgreSQL server ([`TestDb`]), the
//! `lodestone` binary run as a child process ([`lodestone`], [`Node`]), and a
//! reproducible generator of realistic torrents ([`corpus`]).
//!
//! The test server is `TEST_DATABASE_URL`, else `DATABASE_URL`, else
//! `postgres://postgres@127.0.0.1:5432/postgres`.

pub mod corpus;
mod node;
mod test_db;

pub use node::{HeldImport, Node, NodeOptions, data_dir, lodestone, lodestone_bin};
pub use test_db::TestDb;
