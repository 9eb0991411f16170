//! Dates in torrent names: daily shows (`The.Daily.Show.2024.02.14.720p`), dated
//! scenes, news and sports releases. [`find_date`] returns the first valid date and
//! where it is. Recognised forms, with any of `.`, `-`, `_`, `/` or space between the
//! parts:
//!
//! - year first: `2024.02.14`, `2024-2-14`, `20240214` (eight digits alone);
//! - day first: `14.02.2024` (when the first part cannot be a month, or the second
//!   cannot be a day, the other reading is tried: `02.14.2024` is 14 February);
//! - month names, English, full or three letters: `14 Feb 2024`, `Feb 14 2024`,
//!   `February 14, 2024`, `14th February 2024`.
//!
//! A date must exist (no 31 April or 29 February 2023) and its year be in
//! [`MIN_YEAR`]..=[`MAX_YEAR`]. Numbers must stand as tokens: `1080` in `x1080p` is not
//! a year and `2024.02.145` is no date.

use time::{Date, Month};

pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2099;

/// A date found in a name, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: Date,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Number {
        value: u32,
        digits: usize,
    },
    Month(Month),
    /// An ordinal day: `14th`, `1st`.
    Ordinal(u32),
}

#[derive(Debug, Clone)]
struct Token {
    part: Part,
    start: usize,
    end: usize,
}

const MONTHS: [(&str, Month); 12] = [
    ("january", Month::January),
    ("february", Month::February),
    ("march", Month::March),
    ("april", Month::April),
    ("may", Month::May),
    ("june", Month::June),
    ("july", Month::July),
    ("august", Month::August),
    ("september", Month::September),
    ("october", Month::October),
    ("november", Month::November),
    ("december", Month::December),
];

fn month_named(word: &str) -> Option<Month> {
    let lower = word.to_ascii_lowercase();
    let lower = lower.strip_suffix('.').unwrap_or(&lower);
    MONTHS.iter().find_map(|(name, month)| {
        let matches = lower == *name
            || (lower.len() == 3 && name.starts_with(lower))
            || (lower == "sept" && *month == Month::September);
        matches.then_some(*month)
    })
}

/// Alphanumeric runs of the name, with what each could be in a date; other runs are
/// kept as `None` so that a date's parts must be adjacent.
fn tokens(name: &str) -> Vec<Option<Token>> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes_len = name.len();
    let push = |out: &mut Vec<Option<Token>>, start: usize, end: usize| {
        let text = &name[start..end];
        let part = if text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<u32>().ok().map(|value| Part::Number {
                value,
                digits: text.len(),
            })
        } else if let Some(month) = month_named(text) {
            Some(Part::Month(month))
        } else {
            let lower = text.to_ascii_lowercase();
            ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|suffix| lower.strip_suffix(suffix))
                .filter(|digits| {
                    !digits.is_empty()
                        && digits.len() <= 2
                        && digits.bytes().all(|b| b.is_ascii_digit())
                })
                .and_then(|digits| digits.parse().ok())
                .map(Part::Ordinal)
        };
        out.push(part.map(|part| Token { part, start, end }));
    };
    for (i, c) in name.char_indices() {
        let word = c.is_alphanumeric();
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(&mut out, s, i);
                start = None;
                // A run of separators longer than one character (` - `) still joins
                // parts; anything but separators breaks a date.
                if !matches!(c, '.' | '-' | '_' | '/' | ' ' | ',') {
                    out.push(None);
                }
            }
            (false, None) => {
                if !matches!(c, '.' | '-' | '_' | '/' | ' ' | ',') {
                    out.push(None);
                }
            }
            (true, Some(_)) => {}
        }
    }
    if let Some(s) = start {
        push(&mut out, s, bytes_len);
    }
    out
}

fn date(year: u32, month: u32, day: u32) -> Option<Date> {
    let year = i32::try_from(year).ok()?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

fn number(t: &Token, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    match t.part {
        Part::Number { value, digits: d } if digits.contains(&d) => Some(value),
        _ => None,
    }
}

fn day_of(t: &Token) -> Option<u32> {
    match t.part {
        Part::Ordinal(d) => Some(d),
        _ => number(t, 1..=2),
    }
}

/// Reads a date from up to three adjacent tokens starting at `i`.
fn read_at(tokens: &[Option<Token>], i: usize) -> Option<FoundDate> {
    let first = tokens.get(i)?.as_ref()?;
    let found = |date: Date, last: &Token| FoundDate {
        date,
        start: first.start,
        end: last.end,
    };
    // Eight digits alone: YYYYMMDD.
    if let Part::Number { value, digits: 8 } = first.part
        && let Some(d) = date(value / 10_000, value / 100 % 100, value % 100)
    {
        return Some(found(d, first));
    }
    let second = tokens.get(i + 1)?.as_ref()?;
    let third = tokens.get(i + 2)?.as_ref()?;
    // Year first: YYYY MM DD.
    if let (Some(y), Some(m), Some(d)) =
        (number(first, 4..=4), number(second, 1..=2), day_of(third))
        && let Some(date) = date(y, m, d)
    {
        return Some(found(date, third));
    }
    // Year first with a month name: 2024 Feb 14.
    if let (Some(y), Part::Month(m), Some(d)) = (number(first, 4..=4), &second.part, day_of(third))
        && let Some(date) = date(y, *m as u32, d)
    {
        return Some(found(date, third));
    }
    // Day first, or month first when the day-first reading is impossible.
    if let (Some(a), Some(b), Some(y)) =
        (day_of(first), number(second, 1..=2), number(third, 4..=4))
        && let Some(date) = date(y, b, a).or_else(|| date(y, a, b))
    {
        return Some(found(date, third));
    }
    // 14 Feb 2024, 14th February 2024.
    if let (Some(d), Part::Month(m), Some(y)) = (day_of(first), &second.part, number(third, 4..=4))
        && let Some(date) = date(y, *m as u32, d)
    {
        return Some(found(date, third));
    }
    // Feb 14 2024, February 14th, 2024.
    if let (Part::Month(m), Some(d), Some(y)) = (&first.part, day_of(second), number(third, 4..=4))
        && let Some(date) = date(y, *m as u32, d)
    {
        return Some(found(date, third));
    }
    None
}

/// The first date in `name` (see the module docs).
pub fn find_date(name: &str) -> Option<FoundDate> {
    let tokens = tokens(name);
    (0..tokens.len()).find_map(|i| read_at(&tokens, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn found(name: &str) -> Option<Date> {
        find_date(name).map(|f| f.date)
    }

    #[test]
    fn year_first_dates() {
        assert_eq!(
            found("The.Daily.Show.2024.02.14.720p.WEB"),
            Some(date!(2024 - 02 - 14))
        );
        assert_eq!(found("Show 2024-2-4 Guest"), Some(date!(2024 - 02 - 04)));
        assert_eq!(found("news_2023_12_31"), Some(date!(2023 - 12 - 31)));
        assert_eq!(found("Scene.20240214.XXX"), Some(date!(2024 - 02 - 14)));
        assert_eq!(found("2024 Feb 14 Match"), Some(date!(2024 - 02 - 14)));
    }

    #[test]
    fn day_first_and_month_first_numeric_dates() {
        assert_eq!(found("Match 14.02.2024"), Some(date!(2024 - 02 - 14)));
        assert_eq!(
            found("Match 02.14.2024"),
            Some(date!(2024 - 02 - 14)),
            "14 cannot be a month"
        );
        assert_eq!(
            found("Match 03.04.2024"),
            Some(date!(2024 - 04 - 03)),
            "ambiguous: day first"
        );
        assert_eq!(found("Match 03/04/2024"), Some(date!(2024 - 04 - 03)));
    }

    #[test]
    fn month_names() {
        assert_eq!(
            found("WWE.Raw.14th.February.2024"),
            Some(date!(2024 - 02 - 14))
        );
        assert_eq!(found("Live 14 Feb 2024"), Some(date!(2024 - 02 - 14)));
        assert_eq!(found("Live Feb 14 2024"), Some(date!(2024 - 02 - 14)));
        assert_eq!(
            found("Live February 1st, 2024"),
            Some(date!(2024 - 02 - 01))
        );
        assert_eq!(found("Concert Sept 9 2001"), Some(date!(2001 - 09 - 09)));
        assert_eq!(found("Mar.3.2020"), Some(date!(2020 - 03 - 03)));
    }

    #[test]
    fn spans_point_at_the_date() {
        let name = "Show - 2024.02.14 - Guest";
        let f = find_date(name).unwrap();
        assert_eq!(&name[f.start..f.end], "2024.02.14");
        let name = "Live 14 Feb 2024 HD";
        let f = find_date(name).unwrap();
        assert_eq!(&name[f.start..f.end], "14 Feb 2024");
    }

    #[test]
    fn things_that_are_not_dates() {
        for name in [
            "The.Matrix.1999.1080p.BluRay",
            "Show.S01E02.720p",
            "2024.02.30.Show",
            "2023.02.29.Show",
            "1850.01.01",
            "x2024.02.14",
            "2024.02.145",
            "Album (2019) [FLAC]",
            "12345678",
            "Track 01 02 03",
            "May",
        ] {
            assert_eq!(found(name), None, "{name}");
        }
        assert_eq!(found("2024.02.29.Leap"), Some(date!(2024 - 02 - 29)));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_in_bounds(name in "\\PC{0,60}") {
            if let Some(f) = find_date(&name) {
                proptest::prop_assert!(f.start < f.end && f.end <= name.len());
                proptest::prop_assert!(name.is_char_boundary(f.start) && name.is_char_boundary(f.end));
            }
        }
    }
}
