//! The Lodestone classifier: it decides what a torrent is (movie, TV episode, album,
//! book, game, ...), extracts its attributes, tags it and deletes what the user never
//! wants. Pure and synchronous: no I/O, no network (enrichment sits behind a trait).
//!
//! Its documents follow bitmagnet's classifier format (see
//! `../shared/reference/bitmagnet-classifier-dsl.md`), so a user moving from bitmagnet
//! brings their `classifier.yml`. This crate is being built up in steps:
//!
//! - [`keywords`]: keyword lists compiled to regular expressions by the format's rules
//!   (isolated tokens, groups, alternatives, wildcards, case-sensitive escapes);
//! - [`date`]: dates in torrent names (what the `parse_date` action finds).

pub mod date;
pub mod keywords;
