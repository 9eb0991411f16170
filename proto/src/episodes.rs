//! Which seasons and episodes of a TV show a torrent holds.
//!
//! Stored as season → episodes, where an empty episode set means the whole season
//! (bitmagnet's `map[int]map[int]struct{}`).
//!
//! Text form (`Display` writes it, `FromStr` reads it, ASCII case ignored): comma-separated
//! parts, each either whole seasons `S01` / `S01-03` / `S01-S03`, or one season's episodes
//! `S01E02`, `S01E02-04`, `S01E02-E04`, `S01E01E02`, continued by bare `E` parts after a
//! comma: `S01E02-04,E06, S03`. Numbers are written with at least two digits.
//!
//! JSON form: `{"1":{"2":{},"3":{}}}` as bitmagnet writes it; reading also accepts
//! `{"1":[2,3]}`, `{"1":[]}`, `{"1":{}}` and `{"1":null}` (the last three mean the whole
//! season) and the text form as a JSON string.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ProtoError;

/// Widest range a text form may spell out ("E01-1000"), so that a short string cannot
/// allocate millions of entries.
pub const MAX_RANGE_LEN: u32 = 1000;

/// Seasons and episodes; an empty episode set means the whole season.
///
/// Invariant kept by [`Episodes::add_episode`]: adding an episode of a season already
/// held whole changes nothing (the whole season absorbs it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Episodes(BTreeMap<u32, BTreeSet<u32>>);

impl Episodes {
    pub fn new() -> Self {
        Episodes::default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Marks `season` as held whole, replacing any single episodes of it.
    pub fn add_season(&mut self, season: u32) {
        self.0.insert(season, BTreeSet::new());
    }

    /// Adds one episode, unless its season is already held whole.
    pub fn add_episode(&mut self, season: u32, episode: u32) {
        match self.0.get_mut(&season) {
            Some(episodes) if episodes.is_empty() => {}
            Some(episodes) => {
                episodes.insert(episode);
            }
            None => {
                self.0.insert(season, BTreeSet::from([episode]));
            }
        }
    }

    /// True when the episode is listed or its season is held whole.
    pub fn has_episode(&self, season: u32, episode: u32) -> bool {
        self.0
            .get(&season)
            .is_some_and(|eps| eps.is_empty() || eps.contains(&episode))
    }

    pub fn is_whole_season(&self, season: u32) -> bool {
        self.0.get(&season).is_some_and(BTreeSet::is_empty)
    }

    /// Seasons in order, each with its episodes (empty for a whole season).
    pub fn seasons(&self) -> impl Iterator<Item = (u32, &BTreeSet<u32>)> {
        self.0.iter().map(|(&s, eps)| (s, eps))
    }

    pub fn as_map(&self) -> &BTreeMap<u32, BTreeSet<u32>> {
        &self.0
    }

    pub fn into_map(self) -> BTreeMap<u32, BTreeSet<u32>> {
        self.0
    }

    /// One label per episode ("S01E02") or whole season ("S01"), in order; the values of
    /// `Classification.episodes`.
    pub fn to_labels(&self) -> Vec<String> {
        let mut labels = Vec::new();
        for (&season, episodes) in &self.0 {
            if episodes.is_empty() {
                labels.push(format!("S{season:02}"));
            }
            labels.extend(episodes.iter().map(|e| format!("S{season:02}E{e:02}")));
        }
        labels
    }
}

impl From<BTreeMap<u32, BTreeSet<u32>>> for Episodes {
    fn from(map: BTreeMap<u32, BTreeSet<u32>>) -> Self {
        Episodes(map)
    }
}

/// Runs of consecutive numbers, as (first, last).
fn contiguous_ranges(sorted: impl IntoIterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for n in sorted {
        match ranges.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(n) => *last = n,
            _ => ranges.push((n, n)),
        }
    }
    ranges
}

fn write_range(out: &mut String, (first, last): (u32, u32)) {
    // Writing to a String cannot fail.
    let _ = if first == last {
        write!(out, "{first:02}")
    } else {
        write!(out, "{first:02}-{last:02}")
    };
}

/// bitmagnet's format: runs of whole seasons ("S01-03"), then each season with episodes
/// ("S04E01-03,E05"), in season order, joined by ", ".
impl fmt::Display for Episodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0.iter().filter(|(_, e)| e.is_empty()).map(|(&s, _)| s);
        let mut parts: BTreeMap<u32, String> = BTreeMap::new();
        for range in contiguous_ranges(whole) {
            let mut part = String::from("S");
            write_range(&mut part, range);
            parts.insert(range.0, part);
        }
        for (&season, episodes) in self.0.iter().filter(|(_, e)| !e.is_empty()) {
            let mut part = format!("S{season:02}");
            for (i, range) in contiguous_ranges(episodes.iter().copied())
                .into_iter()
                .enumerate()
            {
                part.push_str(if i == 0 { "E" } else { ",E" });
                write_range(&mut part, range);
            }
            parts.insert(season, part);
        }
        let mut first = true;
        for part in parts.values() {
            if !first {
                f.write_str(", ")?;
            }
            f.write_str(part)?;
            first = false;
        }
        Ok(())
    }
}

/// A cursor over the text form; positions are byte offsets.
struct TextParser<'a> {
    input: &'a str,
    pos: usize,
}

impl TextParser<'_> {
    fn error(&self, reason: &'static str) -> ProtoError {
        ProtoError::Episodes {
            input: self.input.to_owned(),
            position: self.pos,
            reason,
        }
    }

    fn peek_lower(&self) -> Option<u8> {
        self.input
            .as_bytes()
            .get(self.pos)
            .map(u8::to_ascii_lowercase)
    }

    fn eat_lower(&mut self, byte: u8) -> bool {
        let hit = self.peek_lower() == Some(byte);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn skip_spaces(&mut self) {
        while self.peek_lower().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> Result<u32, ProtoError> {
        let start = self.pos;
        while self.peek_lower().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("expected a number"));
        }
        self.input[start..self.pos]
            .parse()
            .map_err(|_| ProtoError::Episodes {
                input: self.input.to_owned(),
                position: start,
                reason: "number too large",
            })
    }

    /// `N` or `N-M`, where `M` may repeat the marker letter (`E02-E04`, `S01-S03`).
    fn range(&mut self, marker: u8) -> Result<(u32, u32), ProtoError> {
        let start_pos = self.pos;
        let first = self.number()?;
        let last = if self.eat_lower(b'-') {
            self.eat_lower(marker);
            self.number()?
        } else {
            first
        };
        let error = |reason| ProtoError::Episodes {
            input: self.input.to_owned(),
            position: start_pos,
            reason,
        };
        if last < first {
            return Err(error("range ends before it starts"));
        }
        if last - first >= MAX_RANGE_LEN {
            return Err(error("range is wider than 1000"));
        }
        Ok((first, last))
    }

    /// One or more `E` ranges of `season` (`E02`, `E02-04`, `E01E02`).
    fn episode_ranges(&mut self, season: u32, into: &mut Episodes) -> Result<(), ProtoError> {
        while self.eat_lower(b'e') {
            let (first, last) = self.range(b'e')?;
            for episode in first..=last {
                into.add_episode(season, episode);
            }
        }
        Ok(())
    }

    fn parse(mut self) -> Result<Episodes, ProtoError> {
        let mut episodes = Episodes::new();
        self.skip_spaces();
        if self.pos == self.input.len() {
            return Ok(episodes);
        }
        // The season that a bare "E.." part continues.
        let mut current_season = None;
        loop {
            self.skip_spaces();
            match self.peek_lower() {
                Some(b's') => {
                    self.pos += 1;
                    let (first, last) = self.range(b's')?;
                    if first == last && self.peek_lower() == Some(b'e') {
                        self.episode_ranges(first, &mut episodes)?;
                        current_season = Some(first);
                    } else {
                        (first..=last).for_each(|s| episodes.add_season(s));
                        current_season = None;
                    }
                }
                Some(b'e') => match current_season {
                    Some(season) => self.episode_ranges(season, &mut episodes)?,
                    None => return Err(self.error("episodes without a season")),
                },
                _ => return Err(self.error("expected 'S' or 'E'")),
            }
            self.skip_spaces();
            if self.pos == self.input.len() {
                return Ok(episodes);
            }
            if !self.eat_lower(b',') {
                return Err(self.error("expected ',' or the end"));
            }
        }
    }
}

impl FromStr for Episodes {
    type Err = ProtoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TextParser { input: s, pos: 0 }.parse()
    }
}

/// Writes Go's JSON for `map[int]map[int]struct{}`: `{"1":{"2":{},"3":{}},"4":{}}`.
impl Serialize for Episodes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Empty;
        impl Serialize for Empty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_map(Some(0))?.end()
            }
        }
        struct EpisodeSet<'a>(&'a BTreeSet<u32>);
        impl Serialize for EpisodeSet<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|e| (e.to_string(), Empty)))
            }
        }
        serializer.collect_map(
            self.0
                .iter()
                .map(|(s, eps)| (s.to_string(), EpisodeSet(eps))),
        )
    }
}

/// A season or episode number written as a JSON object key ("3") or a number.
struct Number(u32);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a season or episode number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                u32::try_from(v)
                    .map(Number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                u32::try_from(v)
                    .map(Number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                v.parse()
                    .map(Number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// One season's episodes: `{"2":{},"3":{}}`, `[2,3]`, or empty/null for the whole season.
struct EpisodeList(BTreeSet<u32>);

impl<'de> Deserialize<'de> for EpisodeList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = EpisodeList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("episodes as an object keyed by number, an array, or null")
            }
            fn visit_unit<E: de::Error>(self) -> Result<EpisodeList, E> {
                Ok(EpisodeList(BTreeSet::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EpisodeList, A::Error> {
                let mut set = BTreeSet::new();
                while let Some(Number(e)) = seq.next_element()? {
                    set.insert(e);
                }
                Ok(EpisodeList(set))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EpisodeList, A::Error> {
                let mut set = BTreeSet::new();
                while let Some((Number(e), IgnoredAny)) = map.next_entry()? {
                    set.insert(e);
                }
                Ok(EpisodeList(set))
            }
        }
        deserializer.deserialize_any(ListVisitor)
    }
}

impl<'de> Deserialize<'de> for Episodes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EpisodesVisitor;
        impl<'de> Visitor<'de> for EpisodesVisitor {
            type Value = Episodes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("episodes as an object keyed by season or a string like \"S01E02-04\"")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Episodes, E> {
                Ok(Episodes::new())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Episodes, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Episodes, A::Error> {
                let mut episodes = Episodes::new();
                while let Some((Number(season), EpisodeList(list))) = map.next_entry()? {
                    if list.is_empty() {
                        episodes.add_season(season);
                    }
                    for episode in list {
                        episodes.add_episode(season, episode);
                    }
                }
                Ok(episodes)
            }
        }
        deserializer.deserialize_any(EpisodesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Seasons with their episodes, an empty slice meaning the whole season.
    type Seasons = &'static [(u32, &'static [u32])];

    fn episodes(seasons: Seasons) -> Episodes {
        Episodes::from(
            seasons
                .iter()
                .map(|&(s, eps)| (s, eps.iter().copied().collect()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn whole_season_absorbs_episodes() {
        let mut eps = Episodes::new();
        eps.add_episode(1, 2);
        eps.add_episode(1, 3);
        assert!(eps.has_episode(1, 2));
        assert!(!eps.has_episode(1, 4));
        assert!(!eps.is_whole_season(1));
        eps.add_season(1);
        assert!(eps.is_whole_season(1));
        eps.add_episode(1, 9);
        assert!(eps.is_whole_season(1));
        assert!(eps.has_episode(1, 400));
        assert!(!eps.has_episode(2, 1));
    }

    #[test]
    fn displays_like_bitmagnet() {
        let cases: [(Seasons, &str); 7] = [
            (&[], ""),
            (&[(1, &[2])], "S01E02"),
            (&[(1, &[2, 3, 4])], "S01E02-04"),
            (&[(1, &[2, 3, 4, 6]), (3, &[])], "S01E02-04,E06, S03"),
            (&[(1, &[]), (2, &[]), (3, &[])], "S01-03"),
            (&[(1, &[]), (2, &[5]), (3, &[])], "S01, S02E05, S03"),
            (&[(10, &[99, 100, 101])], "S10E99-101"),
        ];
        for (seasons, text) in cases {
            let eps = episodes(seasons);
            assert_eq!(eps.to_string(), text);
            assert_eq!(text.parse::<Episodes>(), Ok(eps), "{text}");
        }
    }

    #[test]
    fn parses_other_spellings() {
        let cases: [(&str, Seasons); 9] = [
            ("S01E02-E04", &[(1, &[2, 3, 4])]),
            ("s1e2", &[(1, &[2])]),
            ("S01E01E02", &[(1, &[1, 2])]),
            ("S01", &[(1, &[])]),
            ("S01-S03", &[(1, &[]), (2, &[]), (3, &[])]),
            (" S02E01 , E03,S05 ", &[(2, &[1, 3]), (5, &[])]),
            ("S00E00", &[(0, &[0])]),
            ("S01, S01E04", &[(1, &[])]),
            ("S01E04, S01", &[(1, &[])]),
        ];
        for (text, seasons) in cases {
            assert_eq!(text.parse::<Episodes>(), Ok(episodes(seasons)), "{text}");
        }
    }

    #[test]
    fn refuses_malformed_text_with_a_position() {
        let cases = [
            ("E01", 0, "episodes without a season"),
            ("S01-03,E04", 7, "episodes without a season"),
            ("S", 1, "expected a number"),
            ("SE01", 1, "expected a number"),
            ("S01E", 4, "expected a number"),
            ("S01E02-", 7, "expected a number"),
            ("S01E04-02", 4, "range ends before it starts"),
            ("S01E01-1001", 4, "range is wider than 1000"),
            ("S01X", 3, "expected ',' or the end"),
            ("Season 1", 1, "expected a number"),
            ("S99999999999", 1, "number too large"),
            ("S01,", 4, "expected 'S' or 'E'"),
        ];
        for (input, position, reason) in cases {
            assert_eq!(
                input.parse::<Episodes>(),
                Err(ProtoError::Episodes {
                    input: input.to_owned(),
                    position,
                    reason
                }),
                "{input}"
            );
        }
        assert_eq!(
            "S01X".parse::<Episodes>().unwrap_err().to_string(),
            "invalid episodes \"S01X\" at byte 3: expected ',' or the end"
        );
        assert!("S01E01-1000".parse::<Episodes>().is_ok());
    }

    #[test]
    fn labels_each_episode_and_whole_season() {
        let eps = episodes(&[(1, &[2, 3]), (2, &[]), (12, &[100])]);
        assert_eq!(eps.to_labels(), ["S01E02", "S01E03", "S02", "S12E100"]);
        assert!(Episodes::new().to_labels().is_empty());
    }

    #[test]
    fn serializes_as_go_does() {
        let eps = episodes(&[(1, &[2, 3]), (4, &[])]);
        assert_eq!(
            serde_json::to_string(&eps).unwrap(),
            r#"{"1":{"2":{},"3":{}},"4":{}}"#
        );
        assert_eq!(serde_json::to_string(&Episodes::new()).unwrap(), "{}");
    }

    #[test]
    fn deserializes_every_accepted_form() {
        let want = episodes(&[(1, &[2, 3]), (4, &[])]);
        for json in [
            r#"{"1":{"2":{},"3":{}},"4":{}}"#,
            r#"{"1":[2,3],"4":[]}"#,
            r#"{"1":[3,2,2],"4":null}"#,
            r#""S01E02-03, S04""#,
            r#""s01e02,e03,s04""#,
        ] {
            assert_eq!(
                serde_json::from_str::<Episodes>(json).unwrap(),
                want,
                "{json}"
            );
        }
        assert_eq!(
            serde_json::from_str::<Episodes>("null").unwrap(),
            Episodes::new()
        );
        assert_eq!(
            serde_json::from_str::<Episodes>("{}").unwrap(),
            Episodes::new()
        );
    }

    #[test]
    fn refuses_bad_json() {
        for json in [
            r#"{"one":{}}"#,
            r#"{"1":{"x":{}}}"#,
            r#"{"-1":[]}"#,
            r#"{"1":[-2]}"#,
            r#"{"1":"2"}"#,
            r#""S01E""#,
            "[1,2]",
            "7",
        ] {
            assert!(serde_json::from_str::<Episodes>(json).is_err(), "{json}");
        }
    }

    fn any_episodes() -> impl Strategy<Value = Episodes> {
        prop::collection::btree_map(
            0u32..120,
            prop::collection::btree_set(0u32..1200, 0..6),
            0..6,
        )
        .prop_map(Episodes::from)
    }

    proptest! {
        #[test]
        fn json_round_trips(eps in any_episodes()) {
            let json = serde_json::to_string(&eps).unwrap();
            prop_assert_eq!(serde_json::from_str::<Episodes>(&json).unwrap(), eps);
        }

        #[test]
        fn text_round_trips(eps in any_episodes()) {
            let text = eps.to_string();
            prop_assert_eq!(text.parse::<Episodes>(), Ok(eps));
        }

        #[test]
        fn labels_count_episodes_and_whole_seasons(eps in any_episodes()) {
            let want: usize = eps.seasons().map(|(_, e)| e.len().max(1)).sum();
            prop_assert_eq!(eps.to_labels().len(), want);
        }
    }
}
