//! The tokenizer of titles, names and file paths.
//!
//! Release names separate words with dots, underscores, dashes and brackets
//! (`The.Matrix.1999.1080p.BluRay.x264-GROUP`), so every character that is not a
//! letter or digit separates tokens. An apostrophe inside a word is dropped (`Don't` and
//! `Dont` are the same token); the index also holds the part before it at the same
//! position (`Marvel's` is found by `marvels` and by `marvel`), while a query keeps
//! the joined form only ([`query_analyzer`]). Letters and digits stay together (`x264`, `1080p`,
//! `s01e02`). Tokens are lower-cased and folded to ASCII where a folding exists
//! (`Amélie` -> `amelie`), and tokens longer than [`MAX_TOKEN_BYTES`] are dropped.
//!
//! Chinese, Japanese and Korean text has no spaces between words, so a run of CJK
//! characters becomes overlapping bigrams (`攻殻機動隊` -> `攻殻 殻機 機動 動隊`), the
//! approach of Lucene's CJK analyzer: a query is tokenized the same way and matched
//! as a phrase, so any substring of two or more characters is found without a
//! dictionary. A lone CJK character is a token of its own.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in the index.
pub const RELEASE_TOKENIZER: &str = "release";

/// Tokens longer than this (in bytes, after folding) are not indexed.
pub const MAX_TOKEN_BYTES: usize = 64;

/// The analyzer of the text fields (what the index holds).
pub fn release_analyzer() -> TextAnalyzer {
    analyzer(ReleaseTokenizer {
        apostrophe_parts: true,
    })
}

/// The analyzer of query words: as the index's, without the extra apostrophe parts (a
/// query word is one token per position).
pub fn query_analyzer() -> TextAnalyzer {
    analyzer(ReleaseTokenizer {
        apostrophe_parts: false,
    })
}

fn analyzer(tokenizer: ReleaseTokenizer) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
        .build()
}

/// Splits text as the module docs say; lower-casing and folding are filters after it.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReleaseTokenizer {
    /// Also emit the part of a word before its first apostrophe, at the same position.
    pub apostrophe_parts: bool,
}

pub struct ReleaseTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for ReleaseTokenizer {
    type TokenStream<'a> = ReleaseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReleaseTokenStream {
        ReleaseTokenStream {
            tokens: split(text, self.apostrophe_parts),
            next: 0,
        }
    }
}

impl TokenStream for ReleaseTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Whether `c` is written without spaces between words (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0x1100..=0x11FF    // Hangul jamo
        | 0x3130..=0x318F    // Hangul compatibility jamo
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FFFF) // CJK extensions B..
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`')
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Word,
    Cjk,
    Apostrophe,
    Separator,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else if is_apostrophe(c) {
        Class::Apostrophe
    } else {
        Class::Separator
    }
}

fn split(text: &str, apostrophe_parts: bool) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut next_position = 0;
    let mut push = |tokens: &mut Vec<Token>, from: usize, to: usize, text: String| {
        let position = next_position;
        next_position += 1;
        tokens.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text,
            position_length: 1,
        });
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut i = 0;
    while i < chars.len() {
        match class(chars[i].1) {
            Class::Word => {
                let start = i;
                let mut word = String::new();
                // The part before the first dropped apostrophe, and where it ends.
                let mut before_apostrophe: Option<(String, usize)> = None;
                while i < chars.len() {
                    match class(chars[i].1) {
                        Class::Word => word.push(chars[i].1),
                        // An apostrophe between two word characters is dropped.
                        Class::Apostrophe
                            if chars
                                .get(i + 1)
                                .is_some_and(|&(_, c)| class(c) == Class::Word) =>
                        {
                            if before_apostrophe.is_none() {
                                before_apostrophe = Some((word.clone(), chars[i].0));
                            }
                        }
                        _ => break,
                    }
                    i += 1;
                }
                push(&mut tokens, chars[start].0, end_of(i), word);
                if apostrophe_parts
                    && let Some((part, end)) = before_apostrophe
                    && part.chars().count() >= 2
                {
                    let position = tokens.last().map_or(0, |t| t.position);
                    tokens.push(Token {
                        offset_from: chars[start].0,
                        offset_to: end,
                        position,
                        text: part,
                        position_length: 1,
                    });
                }
            }
            Class::Cjk => {
                let start = i;
                while i < chars.len() && class(chars[i].1) == Class::Cjk {
                    i += 1;
                }
                if i - start == 1 {
                    push(
                        &mut tokens,
                        chars[start].0,
                        end_of(i),
                        chars[start].1.to_string(),
                    );
                } else {
                    for j in start..i - 1 {
                        let bigram: String = [chars[j].1, chars[j + 1].1].iter().collect();
                        push(&mut tokens, chars[j].0, end_of(j + 2), bigram);
                    }
                }
            }
            Class::Apostrophe | Class::Separator => i += 1,
        }
    }
    tokens
}

/// The analyzed tokens of `text`, as a query sees them.
pub fn tokens(text: &str) -> Vec<String> {
    analyzed(query_analyzer(), text)
}

fn analyzed(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_split_on_punctuation() {
        assert_eq!(
            tokens("The.Matrix.1999.1080p.BluRay.x264-GROUP"),
            ["the", "matrix", "1999", "1080p", "bluray", "x264", "group"]
        );
        assert_eq!(
            tokens("[SubsPlease] Frieren - 12 (1080p) [A1B2C3D4].mkv"),
            ["subsplease", "frieren", "12", "1080p", "a1b2c3d4", "mkv"]
        );
        assert_eq!(
            tokens("Some_Show_S01E02_720p"),
            ["some", "show", "s01e02", "720p"]
        );
        assert_eq!(
            tokens("dir/sub dir/file.name.txt"),
            ["dir", "sub", "dir", "file", "name", "txt"]
        );
    }

    #[test]
    fn apostrophes_inside_words_are_dropped() {
        assert_eq!(tokens("Don't Look Up"), ["dont", "look", "up"]);
        assert_eq!(tokens("Marvel’s Agents"), ["marvels", "agents"]);
        assert_eq!(tokens("'quoted'"), ["quoted"]);
    }

    #[test]
    fn the_index_also_holds_the_part_before_an_apostrophe_at_the_same_position() {
        let mut analyzer = release_analyzer();
        let mut stream = analyzer.token_stream("Marvel's Agents of S.H.I.E.L.D. I'm");
        let mut got = Vec::new();
        while let Some(t) = stream.next() {
            got.push((t.text.clone(), t.position));
        }
        let want: Vec<(String, usize)> = [
            ("marvels", 0),
            ("marvel", 0),
            ("agents", 1),
            ("of", 2),
            ("s", 3),
            ("h", 4),
            ("i", 5),
            ("e", 6),
            ("l", 7),
            ("d", 8),
            ("im", 9),
        ]
        .iter()
        .map(|(t, p)| (t.to_string(), *p))
        .collect();
        assert_eq!(got, want, "a one-letter part (I'm) is not added");
    }

    #[test]
    fn case_and_accents_fold() {
        assert_eq!(tokens("Amélie POULAIN Ærø"), ["amelie", "poulain", "aero"]);
        assert_eq!(tokens("ПРИВЕТ мир"), ["привет", "мир"]);
    }

    #[test]
    fn cjk_runs_become_bigrams() {
        assert_eq!(tokens("攻殻機動隊"), ["攻殻", "殻機", "機動", "動隊"]);
        assert_eq!(
            tokens("進撃の巨人 S01"),
            ["進撃", "撃の", "の巨", "巨人", "s01"]
        );
        assert_eq!(tokens("第1話"), ["第", "1", "話"]);
        assert_eq!(tokens("기생충 2019"), ["기생", "생충", "2019"]);
    }

    #[test]
    fn positions_are_consecutive_and_offsets_point_into_the_text() {
        let text = "Ghost.in.the.Shell 攻殻機動隊";
        let mut analyzer = query_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut position = 0;
        while let Some(token) = stream.next() {
            assert_eq!(token.position, position);
            assert!(text.is_char_boundary(token.offset_from));
            assert!(text.is_char_boundary(token.offset_to));
            position += 1;
        }
        assert_eq!(position, 8);
    }

    #[test]
    fn very_long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(tokens(&format!("x {long} y")), ["x", "y"]);
        assert_eq!(tokens(&"b".repeat(MAX_TOKEN_BYTES)).len(), 1);
    }

    #[test]
    fn nothing_to_index() {
        assert!(tokens("").is_empty());
        assert!(tokens(" .-_[]() ").is_empty());
    }
}
