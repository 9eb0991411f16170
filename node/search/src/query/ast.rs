//! The parsed form of a query.

use std::fmt;

use lodestone_proto::{ContentType, InfoHash};

/// A parsed query: clauses that must all hold (negated ones must not).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

impl Query {
    /// Whether any positive clause contributes to relevance (words, prefixes, phrases).
    pub fn has_text(&self) -> bool {
        self.clauses.iter().any(|c| {
            !c.negated
                && matches!(
                    c.kind,
                    ClauseKind::Word(_) | ClauseKind::Prefix(_) | ClauseKind::Phrase(_)
                )
        })
    }
}

/// Byte range of a clause in the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// `-` in front: the clause must not match.
    pub negated: bool,
    pub kind: ClauseKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClauseKind {
    /// A bare word as typed (the search tokenizer splits it further: `The.Matrix`
    /// becomes the phrase `the matrix`).
    Word(String),
    /// `term*`: the text before the `*`.
    Prefix(String),
    /// `"quoted words"`: the text between the quotes.
    Phrase(String),
    /// `field:value`.
    Filter(FieldFilter),
}

/// An inclusive range; `None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumRange {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl NumRange {
    pub fn exactly(v: u64) -> Self {
        Self {
            min: Some(v),
            max: Some(v),
        }
    }
}

/// A field filter. Lists are alternatives (`type:movie,tv_show` is either).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldFilter {
    /// `type:` / `category:`
    ContentType(Vec<ContentType>),
    /// `year:1999`, `year:>2010`, `year:1990..1999`
    Year(NumRange),
    /// `res:` / `resolution:` canonical names (`1080p`, `2160p`)
    Resolution(Vec<String>),
    /// `source:` / `src:` canonical names (`bluray`, `web`)
    Source(Vec<String>),
    /// `codec:` canonical names (`x264`, `x265`)
    Codec(Vec<String>),
    /// `lang:` / `language:` lower-case codes (`fr`, `en`)
    Language(Vec<String>),
    /// `tag:`
    Tag(Vec<String>),
    /// `filetype:` / `ft:` file types (`video`, `audio`)
    FileType(Vec<String>),
    /// `origin:` origin ids
    Origin(Vec<u64>),
    /// `size:>1gb`, bytes
    Size(NumRange),
    /// `seeders:>10`
    Seeders(NumRange),
    /// `leechers:<5`
    Leechers(NumRange),
    /// `files:>1`
    FilesCount(NumRange),
    /// `hash:` / `infohash:`
    InfoHash(InfoHash),
}

/// A query that cannot be parsed: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Character offset (0-based) of the bad token in the query text.
    pub position: usize,
    /// The bad token as typed.
    pub token: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at character {} ({:?}): {}",
            self.position + 1,
            self.token,
            self.message
        )
    }
}

impl std::error::Error for QueryError {}
