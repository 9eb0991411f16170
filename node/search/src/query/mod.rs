//! The query language: words, `"quoted phrases"`, `-excluded`, `prefix*` and
//! `field:value` filters. [`parse`] turns text into a [`Query`]; errors point at the
//! bad token.

mod ast;
mod parse;

pub use ast::*;
pub use parse::parse;
