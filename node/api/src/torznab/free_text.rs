//! Torznab's `q` is free text typed by a person or built from a title by Sonarr and
//! Radarr (`The Office (US)`, `Marvel's Agents of S.H.I.E.L.D.`, `Star Wars: Episode
//! IV`), not Lodestone's query language, where `"`, a leading `-`, a trailing `*` and
//! `field:` mean something. [`query_words`] turns it into plain words that the query
//! parser cannot refuse and that match the way release names are written:
//!
//! - letters and digits (any script) are kept;
//! - apostrophes are dropped, joining the word (`Marvel's` → `Marvels`, as release
//!   names spell it);
//! - `.` and `_` are kept between two letters or digits (`S.H.I.E.L.D`), which the
//!   tokenizer reads as one phrase, as in release names;
//! - everything else (quotes, `-`, `*`, `:`, brackets, `&`, ...) separates words;
//! - at most [`MAX_WORDS`] words are kept.
//!
//! What is left has no syntax at all: no quotes, no leading `-`, no `*`, no `:`.

/// Words of `q` kept at most; longer text is cut (no title needs more).
pub const MAX_WORDS: usize = 32;

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '\u{00B4}' | '\u{2018}' | '\u{2019}' | '\u{02BC}'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && !c.is_whitespace() && !is_punctuation(c))
}

/// Non-ASCII characters that are punctuation rather than part of a word: quotes,
/// dashes, ellipses, spaces and the like (General Punctuation and the CJK/fullwidth
/// forms of ASCII punctuation).
fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00A0}'..='\u{00BF}'
        | '\u{00D7}' | '\u{00F7}'
        | '\u{2000}'..='\u{206F}'
        | '\u{2E00}'..='\u{2E7F}'
        | '\u{3000}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE6F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// `text` as plain query words (see the module docs); empty when nothing is left.
pub fn query_words(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|&c| !is_apostrophe(c)).collect();
    let mut cleaned = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let joins = matches!(c, '.' | '_')
            && i > 0
            && is_word_char(chars[i - 1])
            && chars.get(i + 1).is_some_and(|&n| is_word_char(n));
        if is_word_char(c) || joins {
            cleaned.push(c);
        } else {
            cleaned.push(' ');
        }
    }
    cleaned
        .split_whitespace()
        .take(MAX_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arr_titles_become_plain_words() {
        let cases = [
            ("The Office (US) S01E02", "The Office US S01E02"),
            (
                "Marvel's Agents of S.H.I.E.L.D.",
                "Marvels Agents of S.H.I.E.L.D",
            ),
            ("Star Wars: Episode IV", "Star Wars Episode IV"),
            (
                "Spider-Man: No Way Home 2021",
                "Spider Man No Way Home 2021",
            ),
            ("Law & Order: SVU", "Law Order SVU"),
            (
                "Mission: Impossible – Fallout",
                "Mission Impossible Fallout",
            ),
            ("“Quoted” ‘Title’", "Quoted Title"),
            ("The.Matrix.1999", "The.Matrix.1999"),
            ("Some_Show_2020", "Some_Show_2020"),
            ("进击的巨人 第一季", "进击的巨人 第一季"),
            ("Amélie (2001)", "Amélie 2001"),
            ("  ", ""),
            ("", ""),
            ("...", ""),
        ];
        for (input, want) in cases {
            assert_eq!(query_words(input), want, "{input:?}");
        }
    }

    #[test]
    fn no_query_syntax_survives() {
        let cases = [
            (
                r#""exact phrase" -excluded prefix* type:movie"#,
                "exact phrase excluded prefix type movie",
            ),
            ("-", ""),
            ("--x", "x"),
            ("a -b c-", "a b c"),
            ("year:>2010 size:<1gb", "year 2010 size 1gb"),
            ("hash:abc", "hash abc"),
            (
                r"back\slash (paren) [bracket] {brace} a|b a+b a=b a!b a?b a~b a^b a#b a@b a$b a%b a,b a;b",
                "back slash paren bracket brace a b a b a b a b a b a b a b a b a b a b a b a b a b",
            ),
            ("full：width＂quote＂", "full width quote"),
            (".leading trailing. _x_", "leading trailing x"),
        ];
        for (input, want) in cases {
            let words = query_words(input);
            assert_eq!(words, want, "{input:?}");
            for bad in ['"', '*', ':', '-', '(', ')', '\\'] {
                assert!(!words.contains(bad), "{input:?} -> {words:?}");
            }
        }
    }

    #[test]
    fn long_text_is_cut() {
        let long = "word ".repeat(100);
        assert_eq!(query_words(&long).split(' ').count(), MAX_WORDS);
    }
}
