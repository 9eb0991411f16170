//! Keyword lists, compiled to regular expressions by the rules of the classifier
//! format ("Keywords" in the bitmagnet classifier documentation):
//!
//! - a keyword matches only as an isolated token: at the start of the text or after a
//!   character that is not a letter or digit, and at the end or before one;
//! - letters are case-insensitive and must be written in lower case, unless escaped
//!   (`\V` matches only `V`);
//! - `(` and `)` group, `|` separates alternatives, `?` makes the previous character or
//!   group optional, `+` repeats it one or more times, `*` is a wildcard (any run of
//!   letters and digits), `#` is any number, and a space is any run of characters that
//!   are neither letters nor digits (`various artists` matches `Various.Artists`);
//! - every other character is itself (`\V.?\A` matches `VA`, `V.A` and `V.A.`), and a
//!   backslash makes a reserved character literal (`\(`, `\#`).
//!
//! A list compiles to one regular expression matching any of its keywords.

use std::fmt;

use regex::Regex;

/// A keyword that does not follow the syntax: which one, where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("keyword {keyword:?} at character {}: {message}", position + 1)]
pub struct KeywordError {
    pub keyword: String,
    /// Character offset (0-based) in the keyword.
    pub position: usize,
    pub message: String,
}

/// A compiled keyword list.
#[derive(Clone)]
pub struct KeywordList {
    pattern: String,
    regex: Regex,
}

impl fmt::Debug for KeywordList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("KeywordList").field(&self.pattern).finish()
    }
}

/// Characters that are not letters or digits separate tokens.
const SEPARATOR: &str = r"[^\p{L}\p{N}]";
const WORD: &str = r"[\p{L}\p{N}]";

impl KeywordList {
    /// Compiles `keywords` into one expression. An empty list matches nothing.
    pub fn compile<S: AsRef<str>>(keywords: &[S]) -> Result<Self, KeywordError> {
        let mut alternatives = Vec::with_capacity(keywords.len());
        for keyword in keywords {
            alternatives.push(translate(keyword.as_ref())?);
        }
        let pattern = if alternatives.is_empty() {
            // Nothing can follow the end of the text.
            r"$.^".to_string()
        } else {
            format!(
                "(?i)(?:^|{SEPARATOR})(?:{})(?:$|{SEPARATOR})",
                alternatives.join("|")
            )
        };
        let regex = Regex::new(&pattern).map_err(|e| KeywordError {
            keyword: keywords
                .iter()
                .map(|k| k.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            position: 0,
            message: format!("does not compile: {e}"),
        })?;
        Ok(Self { pattern, regex })
    }

    /// Whether any keyword occurs in `text` as an isolated token.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The regular expression (RE2 syntax, as CEL's `matches` takes it).
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    pub fn regex(&self) -> &Regex {
        &self.regex
    }
}

/// One keyword as a regular expression (without the token boundaries).
fn translate(keyword: &str) -> Result<String, KeywordError> {
    let error = |position: usize, message: &str| KeywordError {
        keyword: keyword.to_string(),
        position,
        message: message.to_string(),
    };
    if keyword.trim().is_empty() {
        return Err(error(0, "is empty"));
    }
    let chars: Vec<char> = keyword.chars().collect();
    let mut out = String::new();
    // Open groups, by position, and whether the last item can take `?` or `+`.
    let mut open: Vec<usize> = Vec::new();
    let mut can_repeat = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Err(error(i, "a backslash must be followed by a character"));
                };
                if next.is_alphabetic() {
                    // An escaped letter matches only as written.
                    out.push_str("(?-i:");
                    out.push_str(&regex::escape(&next.to_string()));
                    out.push(')');
                } else {
                    out.push_str(&regex::escape(&next.to_string()));
                }
                i += 1;
                can_repeat = true;
            }
            '(' => {
                open.push(i);
                out.push_str("(?:");
                can_repeat = false;
            }
            ')' => {
                let Some(start) = open.pop() else {
                    return Err(error(i, "a ')' closes no group"));
                };
                if chars.get(start + 1) == Some(&')') {
                    return Err(error(start, "a group is empty"));
                }
                out.push(')');
                can_repeat = true;
            }
            '|' => {
                out.push('|');
                can_repeat = false;
            }
            '?' | '+' => {
                if !can_repeat {
                    return Err(error(
                        i,
                        &format!("'{c}' must follow a character or a group"),
                    ));
                }
                out.push(c);
                // `a??` or `a+?` would be lazy quantifiers, not what a keyword means.
                can_repeat = false;
            }
            '*' => {
                out.push_str(WORD);
                out.push('*');
                can_repeat = false;
            }
            '#' => {
                out.push_str(r"\p{N}+");
                can_repeat = true;
            }
            ' ' => {
                out.push_str(SEPARATOR);
                out.push('+');
                can_repeat = false;
            }
            c if c.is_uppercase() => {
                return Err(error(
                    i,
                    "letters must be lower case (escape a letter, as in \\V, to match it in \
                     upper case only)",
                ));
            }
            c => {
                out.push_str(&regex::escape(&c.to_string()));
                can_repeat = true;
            }
        }
        i += 1;
    }
    if let Some(start) = open.pop() {
        return Err(error(start, "a '(' is never closed"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(keywords: &[&str]) -> KeywordList {
        KeywordList::compile(keywords).unwrap()
    }

    fn matches(keywords: &[&str], text: &str) -> bool {
        list(keywords).is_match(text)
    }

    #[test]
    fn keywords_match_isolated_tokens_only() {
        assert!(matches(&["album"], "Artist - Album (2019)"));
        assert!(matches(&["album"], "album"));
        assert!(matches(&["album"], "The.Album.FLAC"));
        assert!(
            matches(&["album"], "x_album_y"),
            "underscore separates tokens"
        );
        assert!(!matches(&["album"], "Albums"));
        assert!(!matches(&["album"], "Photoalbum"));
        assert!(
            !matches(&["album"], "album2"),
            "a digit is part of the token"
        );
    }

    #[test]
    fn the_documentation_examples_behave_as_documented() {
        let music = list(&[
            "music",
            "discography",
            "album",
            r"\V.?\A",
            "various artists",
        ]);
        assert!(music.is_match("Queen - Discography"));
        for text in ["VA - Hits", "V.A - Hits", "V.A. - Hits", "Hits (V.A.)"] {
            assert!(music.is_match(text), "{text}");
        }
        assert!(
            !music.is_match("va - hits"),
            "escaped letters are case-sensitive"
        );
        assert!(music.is_match("Various Artists - Now 99"));
        assert!(music.is_match("Various.Artists.Now.99"));
        assert!(music.is_match("VARIOUS_ARTISTS"));

        let audiobook = list(&[
            "(audio)?books?",
            "(un)?abridged",
            "narrated",
            "novels?",
            "(auto)?biograph(y|ies)",
        ]);
        for text in [
            "Some Audiobook",
            "Two Books",
            "book",
            "Unabridged",
            "abridged",
            "Narrated by X",
            "Novel",
            "novels",
            "A Biography",
            "Autobiographies 3",
        ] {
            assert!(audiobook.is_match(text), "{text}");
        }
        for text in ["Bookshelf", "Biographical", "Audiobookz"] {
            assert!(!audiobook.is_match(text), "{text}");
        }
    }

    #[test]
    fn wildcards_numbers_and_plus() {
        assert!(matches(&["harry pot*"], "Harry.Potter.and.the"));
        assert!(matches(&["pot*"], "pot"));
        assert!(!matches(&["pot*"], "teapot"));
        assert!(matches(&["season #"], "Season 12"));
        assert!(!matches(&["season #"], "Season X"));
        assert!(matches(&["s#e#"], "Show.S01E02.720p"));
        assert!(matches(&["no+"], "Nooooo"));
        assert!(!matches(&["no+"], "n"));
    }

    #[test]
    fn other_characters_and_escapes_are_literal() {
        assert!(matches(&[r"c\+\+"], "C++ Primer"));
        assert!(matches(&[r"\(x\)"], "a (x) b"));
        assert!(matches(&[r"\#1"], "#1 hits"));
        assert!(matches(&["a.b"], "a.b"));
        assert!(
            !matches(&["a.b"], "axb"),
            "a dot is a dot, not any character"
        );
        assert!(
            matches(&["mp3"], "Album [MP3]"),
            "unescaped letters ignore case"
        );
    }

    #[test]
    fn lists_are_alternatives_and_an_empty_list_matches_nothing() {
        let l = list(&["flac", "mp3"]);
        assert!(l.is_match("x FLAC") && l.is_match("y mp3") && !l.is_match("ogg"));
        let empty = KeywordList::compile::<&str>(&[]).unwrap();
        assert!(!empty.is_match("") && !empty.is_match("anything"));
    }

    #[test]
    fn bad_keywords_say_what_and_where() {
        let err = |k: &str| KeywordList::compile(&[k]).unwrap_err();
        let e = err("Album");
        assert_eq!((e.position, e.keyword.as_str()), (0, "Album"));
        assert!(e.message.contains("lower case"), "{e}");
        assert_eq!(err("(audio?books").position, 0);
        assert!(err("(audio?books").message.contains("never closed"));
        assert_eq!(err("books)").position, 5);
        assert_eq!(err("?x").position, 0);
        assert_eq!(
            err("c++").position,
            2,
            "repeat a repeat: escape a literal +"
        );
        assert_eq!(err("x()").position, 1);
        assert_eq!(err(r"x\").position, 1);
        assert_eq!(err("  ").message, "is empty");
        assert_eq!(err("a??").position, 2);
        assert_eq!(
            err("Album").to_string(),
            "keyword \"Album\" at character 1: letters must be lower case (escape a letter, \
             as in \\V, to match it in upper case only)"
        );
    }

    proptest::proptest! {
        #[test]
        fn compiling_never_panics(keyword in "\\PC{0,20}") {
            let _ = KeywordList::compile(&[keyword]);
        }

        #[test]
        fn plain_lower_case_words_match_themselves_between_separators(
            word in "[a-z0-9]{1,12}",
            before in "[ ._\\-\\[(]{0,2}",
            after in "[ ._\\-\\])]{0,2}",
        ) {
            let l = KeywordList::compile(&[word.as_str()]).unwrap();
            let text = format!("{before}{}{after}", word.to_uppercase());
            proptest::prop_assert!(l.is_match(&text));
            let glued = format!("x{word}");
            proptest::prop_assert!(!l.is_match(&glued));
        }
    }
}
