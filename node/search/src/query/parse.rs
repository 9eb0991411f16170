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
mod tests {
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

    // ---------------------------------------------------------------- words

    #[test]
    fn empty_and_blank_queries_have_no_clauses() {
        assert_eq!(parse(""), Ok(Query::default()));
        assert_eq!(parse(" \t\n\u{3000} "), Ok(Query::default()));
    }

    #[test]
    fn words_are_kept_as_typed() {
        assert_eq!(
            kinds("The.Matrix.1999 MaTrix x-men spider-man foo- & 1080p"),
            vec![
                (false, word("The.Matrix.1999")),
                (false, word("MaTrix")),
                (false, word("x-men")),
                (false, word("spider-man")),
                (false, word("foo-")),
                (false, word("&")),
                (false, word("1080p")),
            ]
        );
    }

    #[test]
    fn cjk_and_emoji_are_words() {
        assert_eq!(one("攻殻機動隊"), word("攻殻機動隊"));
        assert_eq!(one("🎬"), word("🎬"));
        assert_eq!(
            kinds("攻殻機動隊\u{3000}-ネタバレ"),
            vec![(false, word("攻殻機動隊")), (true, word("ネタバレ"))]
        );
    }

    #[test]
    fn unknown_fields_are_plain_words() {
        for text in [
            "Mission:",
            "re:zero",
            ":foo",
            "http://example.org/x",
            "typo:movie",
            "types:movie",
            "kelvin\u{212A}:x",
        ] {
            assert_eq!(one(text), word(text));
        }
        assert_eq!(one("re:ze*"), ClauseKind::Prefix("re:ze".to_owned()));
    }

    // ---------------------------------------------------------------- phrases

    #[test]
    fn phrases() {
        assert_eq!(
            one("\"quoted phrase\""),
            ClauseKind::Phrase("quoted phrase".to_owned())
        );
        assert_eq!(
            one(r#""say \"hi\" now""#),
            ClauseKind::Phrase(r#"say "hi" now"#.to_owned())
        );
        assert_eq!(one(r#""a\\b""#), ClauseKind::Phrase(r"a\b".to_owned()));
        assert_eq!(one(r#""a\b""#), ClauseKind::Phrase(r"a\b".to_owned()));
        assert_eq!(
            one(r#""ends in \\""#),
            ClauseKind::Phrase(r"ends in \".to_owned())
        );
        assert_eq!(
            one("\"foo* -bar\""),
            ClauseKind::Phrase("foo* -bar".to_owned())
        );
        assert_eq!(
            one("\"type:movie\""),
            ClauseKind::Phrase("type:movie".to_owned())
        );
        assert_eq!(
            one("\"攻殻 機動隊\""),
            ClauseKind::Phrase("攻殻 機動隊".to_owned())
        );
        assert_eq!(
            kinds("a \"b c\" d"),
            vec![
                (false, word("a")),
                (false, ClauseKind::Phrase("b c".to_owned())),
                (false, word("d"))
            ]
        );
    }

    // ---------------------------------------------------------------- prefixes

    #[test]
    fn prefixes() {
        assert_eq!(one("term*"), ClauseKind::Prefix("term".to_owned()));
        assert_eq!(one("Matr*"), ClauseKind::Prefix("Matr".to_owned()));
        assert_eq!(one("x-m*"), ClauseKind::Prefix("x-m".to_owned()));
        assert_eq!(one("攻殻*"), ClauseKind::Prefix("攻殻".to_owned()));
    }

    // ---------------------------------------------------------------- negation

    #[test]
    fn negation_applies_to_every_kind() {
        assert_eq!(
            kinds("-cam -\"bad rip\" -sampl* -type:xxx -x-men"),
            vec![
                (true, word("cam")),
                (true, ClauseKind::Phrase("bad rip".to_owned())),
                (true, ClauseKind::Prefix("sampl".to_owned())),
                (
                    true,
                    ClauseKind::Filter(FieldFilter::ContentType(vec![ContentType::Xxx]))
                ),
                (true, word("x-men")),
            ]
        );
        assert_eq!(kinds("-re:zero"), vec![(true, word("re:zero"))]);
    }

    // ---------------------------------------------------------------- fields

    #[test]
    fn content_type_field_and_aliases() {
        for name in ["type", "category", "cat", "TYPE", "Cat"] {
            assert_eq!(
                filter(&format!("{name}:movie,tv_show")),
                FieldFilter::ContentType(vec![ContentType::Movie, ContentType::TvShow])
            );
        }
        assert_eq!(
            filter("type:tv"),
            FieldFilter::ContentType(vec![ContentType::TvShow])
        );
        assert_eq!(
            filter("type:MOVIE,movie,tv,tv_show,unknown"),
            FieldFilter::ContentType(vec![
                ContentType::Movie,
                ContentType::TvShow,
                ContentType::Unknown
            ])
        );
        for &ct in ContentType::ALL {
            assert_eq!(
                filter(&format!("type:{}", ct.as_str())),
                FieldFilter::ContentType(vec![ct])
            );
        }
    }

    #[test]
    fn year_field() {
        assert_eq!(
            filter("year:1999"),
            FieldFilter::Year(NumRange::exactly(1999))
        );
        assert_eq!(
            filter("YEAR:>2010"),
            FieldFilter::Year(range(Some(2011), None))
        );
        assert_eq!(
            filter("year:>=2010"),
            FieldFilter::Year(range(Some(2010), None))
        );
        assert_eq!(
            filter("year:<2000"),
            FieldFilter::Year(range(None, Some(1999)))
        );
        assert_eq!(
            filter("year:<=2000"),
            FieldFilter::Year(range(None, Some(2000)))
        );
        assert_eq!(
            filter("year:1990..1999"),
            FieldFilter::Year(range(Some(1990), Some(1999)))
        );
        assert_eq!(
            filter("year:1990..1990"),
            FieldFilter::Year(NumRange::exactly(1990))
        );
        assert_eq!(
            filter("year:1990.."),
            FieldFilter::Year(range(Some(1990), None))
        );
        assert_eq!(
            filter("year:..1999"),
            FieldFilter::Year(range(None, Some(1999)))
        );
        assert_eq!(
            filter("year:1800"),
            FieldFilter::Year(NumRange::exactly(1800))
        );
        assert_eq!(
            filter("year:2200"),
            FieldFilter::Year(NumRange::exactly(2200))
        );
        assert_eq!(
            filter("year:>1799"),
            FieldFilter::Year(range(Some(1800), None))
        );
        assert_eq!(
            filter("year:<2201"),
            FieldFilter::Year(range(None, Some(2200)))
        );
    }

    #[test]
    fn resolution_field_stores_canonical_names() {
        for name in ["res", "resolution", "RES"] {
            assert_eq!(
                filter(&format!("{name}:1080p,4k")),
                FieldFilter::Resolution(strings(&["V1080p", "V2160p"]))
            );
        }
        assert_eq!(
            filter("res:720P,hd,v720p"),
            FieldFilter::Resolution(strings(&["V720p"]))
        );
    }

    #[test]
    fn source_field_stores_canonical_names() {
        for name in ["source", "src"] {
            assert_eq!(
                filter(&format!("{name}:bluray,web-dl,hdtv")),
                FieldFilter::Source(strings(&["BluRay", "WEBDL", "TV"]))
            );
        }
    }

    #[test]
    fn codec_field_stores_canonical_names() {
        for name in ["codec", "vc", "Codec"] {
            assert_eq!(
                filter(&format!("{name}:x265,hevc,h.264")),
                FieldFilter::Codec(strings(&["x265", "H265", "H264"]))
            );
        }
    }

    #[test]
    fn language_field_lowercases() {
        for name in ["lang", "language"] {
            assert_eq!(
                filter(&format!("{name}:EN,fr,pt-BR,French,Español")),
                FieldFilter::Language(strings(&["en", "fr", "pt-br", "french", "español"]))
            );
        }
        assert_eq!(
            filter("lang:en,EN"),
            FieldFilter::Language(strings(&["en"]))
        );
        let longest = "a".repeat(20);
        assert_eq!(
            filter(&format!("lang:{longest}")),
            FieldFilter::Language(vec![longest])
        );
    }

    #[test]
    fn tag_field_lowercases() {
        assert_eq!(
            filter("tag:Favourite,to_watch,4k-hdr,0"),
            FieldFilter::Tag(strings(&["favourite", "to_watch", "4k-hdr", "0"]))
        );
        let longest = format!("a{}", "b".repeat(63));
        assert_eq!(
            filter(&format!("tag:{longest}")),
            FieldFilter::Tag(vec![longest])
        );
    }

    #[test]
    fn file_type_field() {
        for name in ["filetype", "ft", "FileType"] {
            assert_eq!(
                filter(&format!("{name}:video,AUDIO")),
                FieldFilter::FileType(strings(&["video", "audio"]))
            );
        }
        for &ft in FileType::ALL {
            assert_eq!(
                filter(&format!("ft:{}", ft.as_str())),
                FieldFilter::FileType(vec![ft.as_str().to_owned()])
            );
        }
    }

    #[test]
    fn origin_field() {
        assert_eq!(filter("origin:1"), FieldFilter::Origin(vec![1]));
        assert_eq!(filter("origin:3,1,3"), FieldFilter::Origin(vec![3, 1]));
        assert_eq!(
            filter(&format!("origin:{}", u64::MAX)),
            FieldFilter::Origin(vec![u64::MAX])
        );
    }

    #[test]
    fn size_field_units() {
        const K: u64 = 1024;
        let cases: &[(&str, u64)] = &[
            ("700", 700),
            ("700b", 700),
            ("700B", 700),
            ("1k", K),
            ("1kb", K),
            ("1KiB", K),
            ("2m", 2 * K * K),
            ("2MB", 2 * K * K),
            ("2mib", 2 * K * K),
            ("1g", K * K * K),
            ("1gb", K * K * K),
            ("1GiB", K * K * K),
            ("3t", 3 * K * K * K * K),
            ("3tb", 3 * K * K * K * K),
            ("3TiB", 3 * K * K * K * K),
            ("1.5gb", 3 * K * K * K / 2),
            ("0.5k", 512),
            ("0.1kb", 102),
            ("1.0mb", K * K),
            ("007kb", 7 * K),
            ("0", 0),
            ("1.5b", 1),
            (
                "16777215.99999999999999999999999tb",
                16_777_215 * K * K * K * K + 1_099_511_627_775,
            ),
        ];
        for &(text, bytes) in cases {
            assert_eq!(
                filter(&format!("size:{text}")),
                FieldFilter::Size(NumRange::exactly(bytes)),
                "{text}"
            );
        }
        assert_eq!(
            filter("size:>1gb"),
            FieldFilter::Size(range(Some(K * K * K + 1), None))
        );
        assert_eq!(
            filter("size:>=1gb"),
            FieldFilter::Size(range(Some(K * K * K), None))
        );
        assert_eq!(
            filter("size:<700mb"),
            FieldFilter::Size(range(None, Some(700 * K * K - 1)))
        );
        assert_eq!(
            filter("size:<=700mb"),
            FieldFilter::Size(range(None, Some(700 * K * K)))
        );
        assert_eq!(
            filter("size:700mb..1.5gb"),
            FieldFilter::Size(range(Some(700 * K * K), Some(3 * K * K * K / 2)))
        );
        assert_eq!(
            filter("size:1gb.."),
            FieldFilter::Size(range(Some(K * K * K), None))
        );
        assert_eq!(
            filter("size:..1gb"),
            FieldFilter::Size(range(None, Some(K * K * K)))
        );
        assert_eq!(
            filter("size:1024..1kb"),
            FieldFilter::Size(NumRange::exactly(K))
        );
        assert_eq!(
            filter(&format!("size:{}", u64::MAX)),
            FieldFilter::Size(NumRange::exactly(u64::MAX))
        );
    }

    #[test]
    fn count_fields() {
        for name in ["seeders", "seeds", "Seeders"] {
            assert_eq!(
                filter(&format!("{name}:>10")),
                FieldFilter::Seeders(range(Some(11), None))
            );
        }
        for name in ["leechers", "leeches"] {
            assert_eq!(
                filter(&format!("{name}:<5")),
                FieldFilter::Leechers(range(None, Some(4)))
            );
        }
        assert_eq!(
            filter("files:>1"),
            FieldFilter::FilesCount(range(Some(2), None))
        );
        assert_eq!(
            filter("files:1"),
            FieldFilter::FilesCount(NumRange::exactly(1))
        );
        assert_eq!(
            filter("seeders:0"),
            FieldFilter::Seeders(NumRange::exactly(0))
        );
        assert_eq!(
            filter("seeders:<1"),
            FieldFilter::Seeders(range(None, Some(0)))
        );
        assert_eq!(
            filter("seeders:>=0"),
            FieldFilter::Seeders(range(Some(0), None))
        );
        assert_eq!(
            filter("leechers:10..100"),
            FieldFilter::Leechers(range(Some(10), Some(100)))
        );
        assert_eq!(
            filter("seeds:007"),
            FieldFilter::Seeders(NumRange::exactly(7))
        );
        assert_eq!(
            filter(&format!("seeders:<={}", u64::MAX)),
            FieldFilter::Seeders(range(None, Some(u64::MAX)))
        );
        // `peers` is not a field.
        assert_eq!(one("peers:5"), word("peers:5"));
    }

    #[test]
    fn hash_field_accepts_hex_base32_and_magnets() {
        let hash: InfoHash = HEX.parse().unwrap();
        for name in ["hash", "infohash", "btih", "HASH"] {
            assert_eq!(
                filter(&format!("{name}:{HEX}")),
                FieldFilter::InfoHash(hash)
            );
        }
        assert_eq!(
            filter(&format!("hash:{}", HEX.to_uppercase())),
            FieldFilter::InfoHash(hash)
        );
        assert_eq!(filter(&format!("hash:{B32}")), FieldFilter::InfoHash(hash));
        assert_eq!(
            filter(&format!("hash:magnet:?xt=urn:btih:{HEX}&dn=Ubuntu%2022.04")),
            FieldFilter::InfoHash(hash)
        );
        assert_eq!(
            filter(&format!("hash:\"magnet:?xt=urn:btih:{B32}\"")),
            FieldFilter::InfoHash(hash)
        );
    }

    #[test]
    fn quoted_field_values() {
        assert_eq!(filter("tag:\"x\""), FieldFilter::Tag(strings(&["x"])));
        assert_eq!(
            filter("type:\"movie, tv show\""),
            FieldFilter::ContentType(vec![ContentType::Movie, ContentType::TvShow])
        );
        assert_eq!(
            filter("source:\"Blu Ray\""),
            FieldFilter::Source(strings(&["BluRay"]))
        );
        assert_eq!(
            filter("year:\"1990..1999\""),
            FieldFilter::Year(range(Some(1990), Some(1999)))
        );
        let query = parse("a -lang:\"en, fr\" b").unwrap();
        assert_eq!(query.clauses.len(), 3);
        assert!(query.clauses[1].negated);
        assert_eq!(
            query.clauses[1].kind,
            ClauseKind::Filter(FieldFilter::Language(strings(&["en", "fr"])))
        );
        assert_eq!(query.clauses[1].span, Span { start: 2, end: 16 });
    }

    #[test]
    fn has_text_reflects_positive_text_clauses() {
        assert!(parse("matrix year:1999").unwrap().has_text());
        assert!(!parse("-matrix year:1999").unwrap().has_text());
        assert!(!parse("type:movie").unwrap().has_text());
    }

    // ---------------------------------------------------------------- spans

    #[test]
    fn spans_are_byte_ranges_of_whole_tokens() {
        let text = "  matrix -\"bad rip\"\ttype:movie -sampl*\n攻殻 -é year:\"1999\"";
        let query = parse(text).unwrap();
        let spans: Vec<_> = query
            .clauses
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect();
        assert_eq!(
            spans,
            vec![
                "matrix",
                "-\"bad rip\"",
                "type:movie",
                "-sampl*",
                "攻殻",
                "-é",
                "year:\"1999\""
            ]
        );
        assert_eq!(query.clauses[0].span, Span { start: 2, end: 8 });
        assert_eq!(query.clauses[4].span, Span { start: 39, end: 45 });
        assert_eq!(query.clauses[5].span, Span { start: 46, end: 49 });
    }

    // ---------------------------------------------------------------- limits

    #[test]
    fn at_most_64_terms() {
        let ok = vec!["w"; 64].join(" ");
        assert_eq!(parse(&ok).unwrap().clauses.len(), 64);
        let mut too_many = ok.clone();
        too_many.push_str(" -\"too many\" more");
        // The 65th token starts after 64 "w " pairs.
        fails(&too_many, "too many terms (at most 64)", 128, "-\"too");
        let cjk = vec!["攻"; 65].join(" ");
        fails(&cjk, "too many terms (at most 64)", 128, "攻");
    }

    #[test]
    fn at_most_4096_bytes() {
        let longest = "a".repeat(4096);
        assert_eq!(one(&longest), word(&longest));
        fails(
            &"a".repeat(4097),
            "query is too long (at most 4096 bytes)",
            0,
            "",
        );
        // 1366 three-byte characters: 4098 bytes but only 1366 characters.
        fails(
            &"攻".repeat(1366),
            "query is too long (at most 4096 bytes)",
            0,
            "",
        );
    }

    // ---------------------------------------------------------------- errors

    #[test]
    fn unterminated_quotes_point_at_the_opening_quote() {
        let message = "unterminated quote; end the phrase with another \"";
        fails("\"abc", message, 0, "\"abc");
        fails("foo \"bar baz  ", message, 4, "\"bar baz");
        fails("foo -\"bar", message, 5, "\"bar");
        fails("\"", message, 0, "\"");
        fails("\"abc\\\"", message, 0, "\"abc\\\"");
        fails("攻殻 \"機動", message, 3, "\"機動");
        fails("tag:\"x y", message, 4, "\"x y");
        fails("-tag:\"x", message, 5, "\"x");
    }

    #[test]
    fn empty_phrases() {
        let message = "empty phrase; put words between the quotes, like \"the matrix\"";
        fails_whole("\"\"", message);
        fails_whole("\" \t \"", message);
        fails("a -\"\" b", message, 2, "-\"\"");
    }

    #[test]
    fn closing_quote_must_end_the_token() {
        let message = "a closing quote must be followed by a space";
        fails_whole("\"a\"b", message);
        fails_whole("\"a b\"*", message);
        fails("x -\"a\"\"b\" y", message, 2, "-\"a\"\"b\"");
        fails_whole("tag:\"x\"y", message);
    }

    #[test]
    fn quotes_inside_words() {
        let message = "quotes are only allowed around a whole phrase, like \"the matrix\"";
        fails_whole("foo\"bar", message);
        fails_whole("12\"", message);
        fails("a -b\"c\"", message, 2, "-b\"c\"");
        fails("re:\"zero two\"", message, 0, "re:\"zero");
    }

    #[test]
    fn misplaced_wildcards() {
        let message = "wildcards are only allowed at the end of a word, like matri*";
        for text in ["*", "**", "*foo", "fo*o", "foo**", "-*", "-*foo", "a*b*"] {
            fails_whole(text, message);
        }
        fails("攻殻 x*y", message, 3, "x*y");
    }

    #[test]
    fn lone_and_double_minus() {
        let lone = "a lone - must be followed by a term to exclude, like -cam";
        fails_whole("-", lone);
        fails("a - b", lone, 2, "-");
        fails("a -", lone, 2, "-");
        fails("a -\u{3000}b", lone, 2, "-");
        let double = "only one - is allowed in front of a term";
        fails_whole("--x", double);
        fails_whole("--", double);
        fails("a ---x", double, 2, "---x");
    }

    #[test]
    fn fields_without_values() {
        let cases: &[(&str, &str)] = &[
            (
                "type:",
                "type must be a content type, one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
            ),
            (
                "cat:",
                "cat must be a content type, one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
            ),
            (
                "year:",
                "year must be a number or a range like >2010 or 1990..1999",
            ),
            (
                "Year:",
                "year must be a number or a range like >2010 or 1990..1999",
            ),
            (
                "res:",
                "res must be a resolution, one of 360p, 480p, 540p, 576p, 720p, 1080p, 1440p, 2160p, 4320p",
            ),
            (
                "source:",
                "source must be a video source, one of CAM, TELESYNC, TELECINE, WORKPRINT, DVD, TV, WEBDL, WEBRip, BluRay",
            ),
            (
                "codec:",
                "codec must be a video codec, one of H264, x264, x265, XviD, DivX, MPEG2, MPEG4, H265, AV1",
            ),
            (
                "lang:",
                "lang must be a language code or name like en or french (2 to 20 letters or -)",
            ),
            (
                "tag:",
                "tag must be a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)",
            ),
            (
                "ft:",
                "ft must be a file type, one of unknown, archive, audio, data, document, image, software, subtitles, video",
            ),
            ("origin:", "origin must be an origin id (a number)"),
            (
                "size:",
                "size must be a size or a range like >1gb, <700mb or 1gb..4gb (units b, kb, mb, gb, tb)",
            ),
            (
                "seeders:",
                "seeders must be a number or a range like >10, <=5 or 10..100",
            ),
            (
                "leechers:",
                "leechers must be a number or a range like >10, <=5 or 10..100",
            ),
            (
                "files:",
                "files must be a number or a range like >10, <=5 or 10..100",
            ),
            (
                "hash:",
                "hash must be an info hash (40 hex or 32 base32 characters) or a magnet link",
            ),
            (
                "tag:\"\"",
                "tag must be a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)",
            ),
            (
                "tag:\"  \"",
                "tag must be a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)",
            ),
        ];
        for &(text, message) in cases {
            fails_whole(text, message);
        }
        fails(
            "matrix -year:",
            "year must be a number or a range like >2010 or 1990..1999",
            7,
            "-year:",
        );
    }

    #[test]
    fn unknown_enum_values() {
        fails_whole(
            "type:moovie",
            "unknown content type \"moovie\"; expected one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
        );
        fails_whole(
            "type:movie,book",
            "unknown content type \"book\"; expected one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
        );
        fails_whole(
            "res:1080",
            "unknown resolution \"1080\"; expected one of 360p, 480p, 540p, 576p, 720p, 1080p, 1440p, 2160p, 4320p",
        );
        fails_whole(
            "src:bdrip",
            "unknown video source \"bdrip\"; expected one of CAM, TELESYNC, TELECINE, WORKPRINT, DVD, TV, WEBDL, WEBRip, BluRay",
        );
        fails_whole(
            "codec:x266",
            "unknown video codec \"x266\"; expected one of H264, x264, x265, XviD, DivX, MPEG2, MPEG4, H265, AV1",
        );
        fails_whole(
            "filetype:movie",
            "unknown file type \"movie\"; expected one of unknown, archive, audio, data, document, image, software, subtitles, video",
        );
        fails_whole(
            "type:映画",
            "unknown content type \"映画\"; expected one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
        );
    }

    #[test]
    fn bad_languages_tags_and_origins() {
        let lang = |item: &str| {
            format!(
                "invalid language {item:?}; expected a language code or name like en or french (2 to 20 letters or -)"
            )
        };
        fails_whole("lang:e", &lang("e"));
        fails_whole("lang:en,f2", &lang("f2"));
        fails_whole("lang:pt_br", &lang("pt_br"));
        fails_whole(&format!("lang:{}", "a".repeat(21)), &lang(&"a".repeat(21)));
        let tag = |item: &str| {
            format!(
                "invalid tag {item:?}; expected a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)"
            )
        };
        fails_whole("tag:_x", &tag("_x"));
        fails_whole("tag:-x", &tag("-x"));
        fails_whole("tag:a.b", &tag("a.b"));
        fails_whole("tag:café", &tag("café"));
        fails_whole("tag:\u{212A}", &tag("\u{212A}"));
        let long = format!("a{}", "b".repeat(64));
        fails_whole(&format!("tag:{long}"), &tag(&long));
        let origin =
            |item: &str| format!("invalid origin {item:?}; expected an origin id (a number)");
        fails_whole("origin:x", &origin("x"));
        fails_whole("origin:1,-2", &origin("-2"));
        fails_whole("origin:+2", &origin("+2"));
        fails_whole(
            "origin:18446744073709551616",
            &origin("18446744073709551616"),
        );
    }

    #[test]
    fn empty_list_items() {
        for (text, name) in [
            ("type:movie,,tv", "type"),
            ("type:movie,", "type"),
            ("type:,movie", "type"),
            ("res:,", "res"),
            ("source:bluray,,web", "source"),
            ("vc:x264,", "vc"),
            ("language:en,", "language"),
            ("tag:a,,b", "tag"),
            ("ft:video,", "ft"),
            ("origin:1,,2", "origin"),
            ("tag:\"a, ,b\"", "tag"),
        ] {
            fails_whole(
                text,
                &format!(
                    "{name} has an empty item in its list; separate values with single commas"
                ),
            );
        }
    }

    #[test]
    fn bad_ranges() {
        let year = "year must be a number or a range like >2010 or 1990..1999";
        for text in [
            "year:abc",
            "year:19x9",
            "year:+1999",
            "year:-1999",
            "year:>",
            "year:>=",
            "year:<",
            "year:<=",
            "year:..",
            "year:...",
            "year:>>2000",
            "year:1990..1999..2000",
            "year:1990...1999",
            "year:1999.5",
            "year:1990..x",
            "year:<=>1999",
            "year:１９９９",
        ] {
            fails_whole(text, year);
        }
        let between = "year must be between 1800 and 2200";
        for text in [
            "year:1700",
            "year:2201",
            "year:>2200",
            "year:<1800",
            "year:0..1999",
            "year:1999..3000",
            "year:>=2201",
        ] {
            fails_whole(text, between);
        }
        fails_whole(
            "year:2000..1990",
            "range \"2000..1990\" is empty: 2000 is greater than 1990",
        );
        fails_whole(
            "seeders:<0",
            "range \"<0\" is empty: nothing is less than 0",
        );
        fails_whole(
            "seeders:>18446744073709551615",
            "range \">18446744073709551615\" is empty: nothing is greater than 18446744073709551615",
        );
        fails_whole(
            "seeders:18446744073709551616",
            "seeders value \"18446744073709551616\" is too large",
        );
        fails_whole(
            "files:..99999999999999999999999",
            "files value \"99999999999999999999999\" is too large",
        );
        let count = "leeches must be a number or a range like >10, <=5 or 10..100";
        for text in [
            "leeches:1.5",
            "leeches:1k",
            "leeches:x",
            "leeches:>-1",
            "leeches:5...",
        ] {
            fails_whole(text, count);
        }
        fails(
            "a b -seeds:10..1",
            "range \"10..1\" is empty: 10 is greater than 1",
            4,
            "-seeds:10..1",
        );
    }

    #[test]
    fn bad_sizes() {
        let size = "size must be a size or a range like >1gb, <700mb or 1gb..4gb (units b, kb, mb, gb, tb)";
        for text in [
            "size:gb",
            "size:1xb",
            "size:1pb",
            "size:.5gb",
            "size:1.gb",
            "size:1.5.2gb",
            "size:1gb2",
            "size:-1gb",
            "size:>",
            "size:1e9",
            "size:1,5gb",
            "size:1gb..2gb..3gb",
        ] {
            fails_whole(text, size);
        }
        // A space ends the token: `size:1` is one byte and `gb` a word.
        assert_eq!(
            kinds("size:1 gb"),
            vec![
                (
                    false,
                    ClauseKind::Filter(FieldFilter::Size(NumRange::exactly(1)))
                ),
                (false, word("gb"))
            ]
        );
        fails_whole("size:16777216tb", "size value \"16777216tb\" is too large");
        fails_whole(
            "size:100000000000000000000000",
            "size value \"100000000000000000000000\" is too large",
        );
        fails_whole(
            "size:<0.5b",
            "range \"<0.5b\" is empty: nothing is less than 0.5b",
        );
        fails_whole(
            "size:2gb..1gb",
            "range \"2gb..1gb\" is empty: 2gb is greater than 1gb",
        );
    }

    #[test]
    fn bad_hashes() {
        fails_whole(
            "hash:abc",
            "hash must be an info hash (40 hex or 32 base32 characters) or a magnet link: info hash has 3 characters, expected 40 hex or 32 base32 characters",
        );
        fails_whole(
            "btih:magnet:?dn=x",
            "btih must be an info hash (40 hex or 32 base32 characters) or a magnet link: magnet uri has no xt=urn:btih: parameter",
        );
        let bad = format!("{}g", &HEX[..39]);
        fails(
            &format!("x -infohash:{bad}"),
            "infohash must be an info hash (40 hex or 32 base32 characters) or a magnet link: info hash has invalid hex character 'g' at position 39",
            2,
            &format!("-infohash:{bad}"),
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        fails(
            "攻殻機動隊 é year:abc",
            "year must be a number or a range like >2010 or 1990..1999",
            8,
            "year:abc",
        );
        fails(
            "🎬🎬 *",
            "wildcards are only allowed at the end of a word, like matri*",
            3,
            "*",
        );
    }

    #[test]
    fn error_display() {
        let err = parse("a year:x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "at character 3 (\"year:x\"): year must be a number or a range like >2010 or 1990..1999"
        );
    }

    // ---------------------------------------------------------------- properties

    fn check_any(text: &str) -> Result<(), TestCaseError> {
        match parse(text) {
            Ok(query) => {
                prop_assert!(query.clauses.len() <= MAX_CLAUSES);
                let mut previous_end = 0;
                for clause in &query.clauses {
                    let Span { start, end } = clause.span;
                    prop_assert!(previous_end <= start && start < end && end <= text.len());
                    prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
                    let token = &text[start..end];
                    prop_assert!(!token.starts_with(char::is_whitespace));
                    prop_assert_eq!(clause.negated, token.starts_with('-'));
                    previous_end = end;
                }
                // Whitespace-free tokens parse to themselves.
                for clause in &query.clauses {
                    let token = &text[clause.span.start..clause.span.end];
                    if let ClauseKind::Word(w) = &clause.kind {
                        prop_assert_eq!(w.as_str(), token.strip_prefix('-').unwrap_or(token));
                    }
                }
            }
            Err(err) => {
                prop_assert!(err.position <= text.chars().count());
                prop_assert!(text.contains(&err.token));
                prop_assert!(!err.message.is_empty());
                prop_assert!(!err.message.ends_with('.'));
                if !err.token.is_empty() {
                    let byte = text
                        .char_indices()
                        .nth(err.position)
                        .map_or(text.len(), |(i, _)| i);
                    prop_assert!(text[byte..].starts_with(&err.token));
                }
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn never_panics_on_any_string(text in any::<String>()) {
            check_any(&text)?;
        }

        #[test]
        fn never_panics_on_query_like_strings(
            text in "([ \t\u{3000}\"*:,.<>=\\\\-]|[a-z0-9]{1,6}|type:|year:|size:|tag:|hash:|lang:|res:|1gb|\\.\\.|攻殻|🎬|é|\u{0}){0,40}"
        ) {
            check_any(&text)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn never_panics_on_long_inputs(text in "[a \"*:-]{4000,4200}") {
            check_any(&text)?;
        }
    }
}
