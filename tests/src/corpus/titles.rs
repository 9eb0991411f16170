//! Titles, names and people, built from the word lists; scene spelling of titles.

use rand::Rng;

use super::words as w;
use super::{chance, pick, weighted};

pub(super) fn title<R: Rng + ?Sized>(r: &mut R) -> String {
    let adj = pick(r, w::ADJECTIVES);
    let noun = pick(r, w::NOUNS);
    let other = pick(r, w::NOUNS);
    let gerund = pick(r, w::GERUNDS);
    let place = pick(r, w::PLACES);
    match r.random_range(0..13) {
        0 => format!("The {noun}"),
        1 | 2 => format!("The {adj} {noun}"),
        3 => format!("{adj} {noun}"),
        4 => format!("{noun} of the {other}"),
        5 => format!("{gerund} the {noun}"),
        6 => (*place).to_owned(),
        7 => format!("The {noun} of {place}"),
        8 => format!("{}'s {noun}", pick(r, w::FIRST_NAMES)),
        9 => format!("{adj} {noun}: {gerund} the {other}"),
        10 => format!("{noun} {}", r.random_range(2..=5)),
        11 => format!("{adj} {place}"),
        _ => format!("{noun} & {other}"),
    }
}

pub(super) fn person<R: Rng + ?Sized>(r: &mut R) -> String {
    format!("{} {}", pick(r, w::FIRST_NAMES), pick(r, w::SURNAMES))
}

pub(super) fn author<R: Rng + ?Sized>(r: &mut R) -> String {
    if chance(r, 15) {
        let initials: [char; 2] = [*pick(r, w::INITIALS), *pick(r, w::INITIALS)];
        format!("{}. {}. {}", initials[0], initials[1], pick(r, w::SURNAMES))
    } else {
        person(r)
    }
}

pub(super) fn artist<R: Rng + ?Sized>(r: &mut R) -> String {
    match r.random_range(0..6) {
        0 | 1 => person(r),
        2 => format!("The {} {}s", pick(r, w::ADJECTIVES), pick(r, w::NOUNS)),
        3 => format!("{} {}", pick(r, w::ADJECTIVES), pick(r, w::NOUNS)),
        4 => format!("DJ {}", pick(r, w::FIRST_NAMES)),
        _ => format!("{} {}", pick(r, w::NOUNS), pick(r, w::NOUNS)),
    }
}

pub(super) fn short_title<R: Rng + ?Sized>(r: &mut R) -> String {
    match r.random_range(0..6) {
        0 => format!("{} {}", pick(r, w::ADJECTIVES), pick(r, w::NOUNS)),
        1 => (*pick(r, w::NOUNS)).to_owned(),
        2 => format!("Into the {}", pick(r, w::NOUNS)),
        3 => format!("{} {}", pick(r, w::GERUNDS), pick(r, w::PLACES)),
        4 => format!("{} ({} Mix)", pick(r, w::NOUNS), pick(r, w::ADJECTIVES)),
        _ => format!("{} of {}", pick(r, w::NOUNS), pick(r, w::NOUNS)),
    }
}

pub(super) fn anime_title<R: Rng + ?Sized>(r: &mut R) -> String {
    let a = pick(r, w::ROMAJI);
    let b = pick(r, w::ROMAJI);
    let noun = pick(r, w::NOUNS);
    match r.random_range(0..7) {
        0 | 1 => format!("{a} no {b}"),
        2 => format!("{a} {b}"),
        3 => format!("{a} no {b} {}", pick(r, w::ROMAJI)),
        4 => format!("I Got Reincarnated as a {noun} in Another World"),
        5 => format!("The {} {noun} Wants a Quiet Life", pick(r, w::ADJECTIVES)),
        _ => format!("{a} {noun} Academy"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Cyrillic,
    Chinese,
    Japanese,
    Korean,
    Latin,
}

/// A title in another script: Cyrillic, CJK or accented Latin.
pub(super) fn native_title<R: Rng + ?Sized>(r: &mut R) -> (Script, String) {
    let script = *weighted(
        r,
        &[
            (40, Script::Cyrillic),
            (20, Script::Chinese),
            (15, Script::Japanese),
            (10, Script::Korean),
            (15, Script::Latin),
        ],
    );
    let title = match script {
        Script::Cyrillic => {
            let mut words: Vec<&str> = Vec::with_capacity(3);
            for _ in 0..r.random_range(1..=3) {
                words.push(*pick(r, w::CYRILLIC));
            }
            capitalize(&words.join(" "))
        }
        Script::Chinese => (0..r.random_range(2..=4))
            .map(|_| *pick(r, w::HANZI))
            .collect(),
        Script::Japanese => (0..r.random_range(1..=2))
            .map(|_| *pick(r, w::JAPANESE))
            .collect(),
        Script::Korean => {
            let first = pick(r, w::HANGUL);
            if chance(r, 50) {
                format!("{first} {}", pick(r, w::HANGUL))
            } else {
                (*first).to_owned()
            }
        }
        Script::Latin => {
            let (article, word) = (pick(r, w::ARTICLES), pick(r, w::ACCENTED));
            if chance(r, 50) {
                format!(
                    "{article} {word} {} {}",
                    pick(r, w::LINKS),
                    pick(r, w::ACCENTED)
                )
            } else {
                format!("{article} {word}")
            }
        }
    };
    (script, title)
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `The Matrix: Reloaded & Co's` -> `The.Matrix.Reloaded.and.Cos`, as scene names spell it.
pub(super) fn dotted(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + 4);
    for word in title.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|c| !matches!(c, '\'' | ',' | ':' | '!' | '?' | '(' | ')'))
            .collect();
        let word = if word == "&" { "and".to_owned() } else { word };
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_spells_titles_as_scene_names_do() {
        assert_eq!(
            dotted("Ocean's Eleven: Part & Co"),
            "Oceans.Eleven.Part.and.Co"
        );
        assert_eq!(dotted("The  Matrix (Reloaded)!"), "The.Matrix.Reloaded");
        assert_eq!(dotted("Москва слезам"), "Москва.слезам");
    }

    #[test]
    fn capitalize_handles_non_ascii() {
        assert_eq!(capitalize("ночь тень"), "Ночь тень");
        assert_eq!(capitalize(""), "");
    }
}
