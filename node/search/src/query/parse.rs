//! The query-language parser: text to [`Query`].
//!
//! Grammar (tokens are separated by Unicode whitespace):
//!
//! ```text
//! query   = { token }                      at most 64 tokens, at most 4096 bytes
//! token   = [ "-" ] ( phrase | filter | prefix | word )
//! phrase  = '"' { char | '\"' | '\\' } '"'  not empty, followed by whitespace or the end
//! filter  = field ":" ( value | quoted )   field is a known name, in any case
//! prefix  = word-text "*"                  no other "*" in the word
//! word    = word-text                      anything else, kept as typed
//! ```
//!
//! - A leading `-` negates the token; a `-` anywhere else is part of the word (`x-men`).
//!   A lone `-` and `--x` are errors.
//! - A token whose part before the first `:` is not a known field is a plain word
//!   (`re:zero`, `Mission:`).
//! - A filter value may be quoted (`tag:"x"`); the quotes are removed and the value may
//!   then contain spaces.
//! - A `"` inside a word (not at its start) is an error, as is a `*` anywhere but at the
//!   end of a word.
//! - Ranges: `N`, `>N`, `>=N`, `<N`, `<=N`, `N..M`, `N..`, `..M`, all inclusive once
//!   parsed (`>N` is `N+1..`). Sizes take the binary units `b`, `k`/`kb`/`kib`, `m`...,
//!   `g`..., `t`... (case-insensitive) and decimals (`1.5gb`); fractions of a byte are
//!   dropped.
//! - Lists are comma-separated alternatives; duplicates are dropped, empty items are
//!   errors.
//!
//! Spans are byte offsets of whole tokens (with the `-` and quotes); error positions are
//! character offsets.

use std::borrow::Cow;
use std::str::FromStr;

use lodestone_proto::{ContentType, FileType, InfoHash, VideoCodec, VideoResolution, VideoSource};

use super::ast::{Clause, ClauseKind, FieldFilter, NumRange, Query, QueryError, Span};

/// Longest accepted query text, in bytes.
const MAX_QUERY_BYTES: usize = 4096;
/// Most tokens in one query.
const MAX_CLAUSES: usize = 64;
/// Accepted `year:` values.
const MIN_YEAR: u64 = 1800;
const MAX_YEAR: u64 = 2200;

/// Parses query text. Whitespace-only text gives an empty query.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError {
            message: format!("query is too long (at most {MAX_QUERY_BYTES} bytes)"),
            position: 0,
            token: String::new(),
        });
    }
    let mut clauses = Vec::new();
    let mut pos = 0;
    while let Some(start) = next_token_start(text, pos) {
        if clauses.len() == MAX_CLAUSES {
            return Err(error(
                text,
                start,
                run_end(text, start),
                format!("too many terms (at most {MAX_CLAUSES})"),
            ));
        }
        let clause = parse_token(text, start)?;
        pos = clause.span.end;
        clauses.push(clause);
    }
    Ok(Query { clauses })
}

/// Byte offset of the first non-whitespace character at or after `from`.
fn next_token_start(text: &str, from: usize) -> Option<usize> {
    text[from..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map(|(i, _)| from + i)
}

/// Byte offset of the first whitespace character at or after `from`, or the end.
fn run_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| from + i)
}

/// An error about `text[start..end]`.
fn error(text: &str, start: usize, end: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        message: message.into(),
        position: text[..start].chars().count(),
        token: text[start..end].to_owned(),
    }
}

/// Parses the token starting at byte `start` (not whitespace).
fn parse_token(text: &str, start: usize) -> Result<Clause, QueryError> {
    let run = run_end(text, start);
    let negated = text[start..].starts_with('-');
    let body = if negated { start + 1 } else { start };
    if negated {
        let problem = match text[body..].chars().next() {
            Some('-') => Some("only one - is allowed in front of a term"),
            Some(c) if !c.is_whitespace() => None,
            _ => Some("a lone - must be followed by a term to exclude, like -cam"),
        };
        if let Some(message) = problem {
            return Err(error(text, start, run, message));
        }
    }

    // "quoted phrase"
    if text[body..].starts_with('"') {
        let (phrase, end) = scan_quoted(text, body)?;
        expect_space_after_quote(text, start, end)?;
        if phrase.trim().is_empty() {
            return Err(error(
                text,
                start,
                end,
                "empty phrase; put words between the quotes, like \"the matrix\"",
            ));
        }
        return Ok(Clause {
            negated,
            kind: ClauseKind::Phrase(phrase),
            span: Span { start, end },
        });
    }

    let word = &text[body..run];

    // field:value
    if let Some((name, value)) = word.split_once(':')
        && let Some(field) = Field::from_name(name)
    {
        let value_start = body + name.len() + 1;
        let (value, end): (Cow<'_, str>, usize) = if value.starts_with('"') {
            let (value, end) = scan_quoted(text, value_start)?;
            expect_space_after_quote(text, start, end)?;
            (Cow::Owned(value), end)
        } else {
            (Cow::Borrowed(value), run)
        };
        let filter = parse_filter(field, &name.to_ascii_lowercase(), &value)
            .map_err(|message| error(text, start, end, message))?;
        return Ok(Clause {
            negated,
            kind: ClauseKind::Filter(filter),
            span: Span { start, end },
        });
    }

    // word or prefix*
    if word.contains('"') {
        return Err(error(
            text,
            start,
            run,
            "quotes are only allowed around a whole phrase, like \"the matrix\"",
        ));
    }
    let kind = match word.strip_suffix('*') {
        Some(stem) if !stem.is_empty() && !stem.contains('*') => {
            ClauseKind::Prefix(stem.to_owned())
        }
        None if !word.contains('*') => ClauseKind::Word(word.to_owned()),
        _ => {
            return Err(error(
                text,
                start,
                run,
                "wildcards are only allowed at the end of a word, like matri*",
            ));
        }
    };
    Ok(Clause {
        negated,
        kind,
        span: Span { start, end: run },
    })
}

/// Reads the quoted string whose opening `"` is at byte `quote`: its unescaped content
/// (`\"` is a quote, `\\` a backslash, any other `\` is kept) and the byte offset just
/// past the closing quote.
fn scan_quoted(text: &str, quote: usize) -> Result<(String, usize), QueryError> {
    let mut content = String::new();
    let mut chars = text[quote + 1..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((content, quote + 1 + i + 1)),
            '\\' => match chars.peek() {
                Some(&(_, next @ ('"' | '\\'))) => {
                    content.push(next);
                    chars.next();
                }
                _ => content.push('\\'),
            },
            _ => content.push(c),
        }
    }
    Err(error(
        text,
        quote,
        text.trim_end().len().max(quote + 1),
        "unterminated quote; end the phrase with another \"",
    ))
}

/// A closing quote at `end - 1` must end the token.
fn expect_space_after_quote(text: &str, start: usize, end: usize) -> Result<(), QueryError> {
    match text[end..].chars().next() {
        Some(c) if !c.is_whitespace() => Err(error(
            text,
            start,
            run_end(text, end),
            "a closing quote must be followed by a space",
        )),
        _ => Ok(()),
    }
}

/// The known fields; several names can mean one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    ContentType,
    Year,
    Resolution,
    Source,
    Codec,
    Language,
    Tag,
    FileType,
    Origin,
    Size,
    Seeders,
    Leechers,
    FilesCount,
    InfoHash,
}

const FIELD_NAMES: &[(&str, Field)] = &[
    ("type", Field::ContentType),
    ("category", Field::ContentType),
    ("cat", Field::ContentType),
    ("year", Field::Year),
    ("res", Field::Resolution),
    ("resolution", Field::Resolution),
    ("source", Field::Source),
    ("src", Field::Source),
    ("codec", Field::Codec),
    ("vc", Field::Codec),
    ("lang", Field::Language),
    ("language", Field::Language),
    ("tag", Field::Tag),
    ("filetype", Field::FileType),
    ("ft", Field::FileType),
    ("origin", Field::Origin),
    ("size", Field::Size),
    ("seeders", Field::Seeders),
    ("seeds", Field::Seeders),
    ("leechers", Field::Leechers),
    ("leeches", Field::Leechers),
    ("files", Field::FilesCount),
    ("hash", Field::InfoHash),
    ("infohash", Field::InfoHash),
    ("btih", Field::InfoHash),
];

impl Field {
    fn from_name(name: &str) -> Option<Field> {
        FIELD_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, f)| f)
    }

    /// What a value of this field looks like, to complete "{name} must be ...".
    fn expected(self) -> String {
        match self {
            Field::ContentType => format!("a content type, one of {}", content_type_names()),
            Field::Year => "a number or a range like >2010 or 1990..1999".to_owned(),
            Field::Resolution => format!("a resolution, one of {}", resolution_names()),
            Field::Source => format!("a video source, one of {}", source_names()),
            Field::Codec => format!("a video codec, one of {}", codec_names()),
            Field::Language => LANGUAGE_EXPECTED.to_owned(),
            Field::Tag => TAG_EXPECTED.to_owned(),
            Field::FileType => format!("a file type, one of {}", file_type_names()),
            Field::Origin => ORIGIN_EXPECTED.to_owned(),
            Field::Size => "a size or a range like >1gb, <700mb or 1gb..4gb \
                            (units b, kb, mb, gb, tb)"
                .to_owned(),
            Field::Seeders | Field::Leechers | Field::FilesCount => {
                "a number or a range like >10, <=5 or 10..100".to_owned()
            }
            Field::InfoHash => {
                "an info hash (40 hex or 32 base32 characters) or a magnet link".to_owned()
            }
        }
    }
}

const LANGUAGE_EXPECTED: &str = "a language code or name like en or french (2 to 20 letters or -)";
const TAG_EXPECTED: &str = "a tag of lower-case letters, digits, _ and - \
                            (at most 64, starting with a letter or digit)";
const ORIGIN_EXPECTED: &str = "an origin id (a number)";

fn content_type_names() -> String {
    join(ContentType::ALL.iter().map(|v| v.as_str()))
}

/// Resolutions as users type them: without the canonical `V` prefix.
fn resolution_names() -> String {
    join(
        VideoResolution::ALL
            .iter()
            .map(|v| v.as_str().strip_prefix('V').unwrap_or(v.as_str())),
    )
}

fn source_names() -> String {
    join(VideoSource::ALL.iter().map(|v| v.as_str()))
}

fn codec_names() -> String {
    join(VideoCodec::ALL.iter().map(|v| v.as_str()))
}

fn file_type_names() -> String {
    join(FileType::ALL.iter().map(|v| v.as_str()))
}

fn join<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// Parses the value of `field`; `name` is the field name as typed, lower-cased. The
/// error is the message.
fn parse_filter(field: Field, name: &str, value: &str) -> Result<FieldFilter, String> {
    if value.trim().is_empty() {
        return Err(format!("{name} must be {}", field.expected()));
    }
    let filter = match field {
        Field::ContentType => FieldFilter::ContentType(list(name, value, |item| {
            ContentType::from_str(item).map_err(|_| {
                format!(
                    "unknown content type {item:?}; expected one of {}",
                    content_type_names()
                )
            })
        })?),
        Field::Resolution => FieldFilter::Resolution(list(name, value, |item| {
            VideoResolution::from_str(item)
                .map(|v| v.as_str().to_owned())
                .map_err(|_| {
                    format!(
                        "unknown resolution {item:?}; expected one of {}",
                        resolution_names()
                    )
                })
        })?),
        Field::Source => FieldFilter::Source(list(name, value, |item| {
            VideoSource::from_str(item)
                .map(|v| v.as_str().to_owned())
                .map_err(|_| {
                    format!(
                        "unknown video source {item:?}; expected one of {}",
                        source_names()
                    )
                })
        })?),
        Field::Codec => FieldFilter::Codec(list(name, value, |item| {
            VideoCodec::from_str(item)
                .map(|v| v.as_str().to_owned())
                .map_err(|_| {
                    format!(
                        "unknown video codec {item:?}; expected one of {}",
                        codec_names()
                    )
                })
        })?),
        Field::Language => FieldFilter::Language(list(name, value, |item| {
            let lower = item.to_lowercase();
            let len = lower.chars().count();
            if (2..=20).contains(&len) && lower.chars().all(|c| c.is_alphabetic() || c == '-') {
                Ok(lower)
            } else {
                Err(format!(
                    "invalid language {item:?}; expected {LANGUAGE_EXPECTED}"
                ))
            }
        })?),
        Field::Tag => FieldFilter::Tag(list(name, value, |item| {
            let lower = item.to_ascii_lowercase();
            if is_tag_name(&lower) {
                Ok(lower)
            } else {
                Err(format!("invalid tag {item:?}; expected {TAG_EXPECTED}"))
            }
        })?),
        Field::FileType => FieldFilter::FileType(list(name, value, |item| {
            FileType::from_str(item)
                .map(|v| v.as_str().to_owned())
                .map_err(|_| {
                    format!(
                        "unknown file type {item:?}; expected one of {}",
                        file_type_names()
                    )
                })
        })?),
        Field::Origin => FieldFilter::Origin(list(name, value, |item| match plain_number(item) {
            Ok(id) => Ok(id),
            Err(_) => Err(format!(
                "invalid origin {item:?}; expected {ORIGIN_EXPECTED}"
            )),
        })?),
        Field::Year => {
            let range = parse_range(name, &field.expected(), value, plain_number)?;
            let in_range =
                |bound: Option<u64>| bound.is_none_or(|year| (MIN_YEAR..=MAX_YEAR).contains(&year));
            if !(in_range(range.min) && in_range(range.max)) {
                return Err(format!("{name} must be between {MIN_YEAR} and {MAX_YEAR}"));
            }
            FieldFilter::Year(range)
        }
        Field::Size => FieldFilter::Size(parse_range(name, &field.expected(), value, size_bytes)?),
        Field::Seeders => {
            FieldFilter::Seeders(parse_range(name, &field.expected(), value, plain_number)?)
        }
        Field::Leechers => {
            FieldFilter::Leechers(parse_range(name, &field.expected(), value, plain_number)?)
        }
        Field::FilesCount => {
            FieldFilter::FilesCount(parse_range(name, &field.expected(), value, plain_number)?)
        }
        Field::InfoHash => FieldFilter::InfoHash(
            InfoHash::from_str(value.trim())
                .map_err(|e| format!("{name} must be {}: {e}", field.expected()))?,
        ),
    };
    Ok(filter)
}

/// Parses a comma-separated list with `item`, trimming items and dropping duplicates.
fn list<T: PartialEq>(
    name: &str,
    value: &str,
    item: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for text in value.split(',') {
        let text = text.trim();
        if text.is_empty() {
            return Err(format!(
                "{name} has an empty item in its list; separate values with single commas"
            ));
        }
        let parsed = item(text)?;
        if !out.contains(&parsed) {
            out.push(parsed);
        }
    }
    Ok(out)
}

/// `^[a-z0-9][a-z0-9_-]{0,63}$`
fn is_tag_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    match bytes.split_first() {
        Some((first, rest)) => {
            (first.is_ascii_lowercase() || first.is_ascii_digit())
                && rest.len() <= 63
                && rest.iter().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-')
                })
        }
        None => false,
    }
}

/// Why a bound of a range does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumError {
    Malformed,
    TooLarge,
}

/// ASCII digits only (no sign, no spaces).
fn plain_number(text: &str) -> Result<u64, NumError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumError::Malformed);
    }
    // Only overflow is left to fail.
    text.parse().map_err(|_| NumError::TooLarge)
}

/// `1.5gb` and friends, in bytes (binary units, fractions of a byte dropped).
fn size_bytes(text: &str) -> Result<u64, NumError> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let shift: u32 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(NumError::Malformed),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits(int)
        || (number.contains('.') && (frac.is_empty() || !digits(frac)))
    {
        return Err(NumError::Malformed);
    }
    let int = int.trim_start_matches('0');
    // u64::MAX has 20 digits; more cannot fit even in bytes.
    if int.len() > 20 {
        return Err(NumError::TooLarge);
    }
    let int: u128 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| NumError::TooLarge)?
    };
    // 18 decimals are far below a byte even in terabytes, and 10^18 << 40 fits in u128.
    let frac = &frac[..frac.len().min(18)];
    let frac_bytes = if frac.is_empty() {
        0
    } else {
        let numerator: u128 = frac.parse().map_err(|_| NumError::Malformed)?;
        let denominator = 10u128.pow(frac.len() as u32);
        (numerator << shift) / denominator
    };
    let bytes = (int << shift) + frac_bytes;
    u64::try_from(bytes).map_err(|_| NumError::TooLarge)
}

/// `N`, `>N`, `>=N`, `<N`, `<=N`, `N..M`, `N..`, `..M`, with bounds read by `number`.
fn parse_range(
    name: &str,
    expected: &str,
    value: &str,
    number: fn(&str) -> Result<u64, NumError>,
) -> Result<NumRange, String> {
    let bound = |text: &str| {
        number(text).map_err(|e| match e {
            NumError::Malformed => format!("{name} must be {expected}"),
            NumError::TooLarge => format!("{name} value {text:?} is too large"),
        })
    };
    let range = if let Some(text) = value.strip_prefix(">=") {
        NumRange {
            min: Some(bound(text)?),
            max: None,
        }
    } else if let Some(text) = value.strip_prefix('>') {
        let n = bound(text)?;
        let min = n
            .checked_add(1)
            .ok_or_else(|| format!("range {value:?} is empty: nothing is greater than {text}"))?;
        NumRange {
            min: Some(min),
            max: None,
        }
    } else if let Some(text) = value.strip_prefix("<=") {
        NumRange {
            min: None,
            max: Some(bound(text)?),
        }
    } else if let Some(text) = value.strip_prefix('<') {
        let n = bound(text)?;
        let max = n
            .checked_sub(1)
            .ok_or_else(|| format!("range {value:?} is empty: nothing is less than {text}"))?;
        NumRange {
            min: None,
            max: Some(max),
        }
    } else if let Some((low, high)) = value.split_once("..") {
        if low.is_empty() && high.is_empty() {
            return Err(format!("{name} must be {expected}"));
        }
        let min = if low.is_empty() {
            None
        } else {
            Some(bound(low)?)
        };
        let max = if high.is_empty() {
            None
        } else {
            Some(bound(high)?)
        };
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            return Err(format!(
                "range {value:?} is empty: {low} is greater than {high}"
            ));
        }
        NumRange { min, max }
    } else {
        NumRange::exactly(bound(value)?)
    };
    Ok(range)
}

#[cfg(test)]
mod tests;
