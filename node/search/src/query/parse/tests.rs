//! Tests of the query parser: every token kind and field, errors with their
//! positions, and property tests that it never panics.
use super::*;
use proptest::prelude::*;

const HEX: &str = "3b245504cf5f11bbdbe1201cea6a6bf45aee1bc0";
const B32: &str = "HMSFKBGPL4I3XW7BEAOOU2TL6RNO4G6A";

fn kinds(text: &str) -> Vec<(bool, ClauseKind)> {
    parse(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .clauses
        .into_iter()
        .map(|c| (c.negated, c.kind))
        .collect()
}

fn one(text: &str) -> ClauseKind {
    let mut all = kinds(text);
    assert_eq!(all.len(), 1, "{text:?} gave {all:?}");
    let (negated, kind) = all.remove(0);
    assert!(!negated, "{text:?}");
    kind
}

fn filter(text: &str) -> FieldFilter {
    match one(text) {
        ClauseKind::Filter(f) => f,
        other => panic!("{text:?} gave {other:?}"),
    }
}

fn word(s: &str) -> ClauseKind {
    ClauseKind::Word(s.to_owned())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn range(min: Option<u64>, max: Option<u64>) -> NumRange {
    NumRange { min, max }
}

/// Asserts that `text` fails with exactly this message, position and token.
#[track_caller]
fn fails(text: &str, message: &str, position: usize, token: &str) {
    let err = parse(text).expect_err(text);
    assert_eq!(
        err,
        QueryError {
            message: message.to_owned(),
            position,
            token: token.to_owned()
        },
        "{text:?}"
    );
}

/// Asserts only the message of a single-token query, which points at the whole token.
#[track_caller]
fn fails_whole(text: &str, message: &str) {
    fails(text, message, 0, text);
}

mod accepted;
mod errors;
