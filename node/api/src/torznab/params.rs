//! The query string of a Torznab request, read into typed parameters.
//!
//! Names are matched ignoring ASCII case; empty values count as absent; when a name
//! repeats, the last value wins, except `cat`, whose lists are joined. Which
//! parameters a function honours is [`Function::params`]; the others are ignored, as
//! Newznab servers do, and caps advertise exactly these lists.

use std::collections::BTreeMap;

use axum::extract::Query;
use axum::http::Uri;

use super::error::TorznabError;

/// A Torznab function (`t=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Caps,
    Search,
    TvSearch,
    Movie,
    Music,
    Book,
}

/// Newznab functions a Torznab feed of magnet links has no use for: answered with
/// 203 (function not available) rather than 202 (no such function).
const NOT_AVAILABLE: &[&str] = &[
    "get",
    "getnfo",
    "details",
    "info",
    "register",
    "user",
    "comments",
    "commentadd",
    "cartadd",
    "cartdel",
    "cart-add",
    "cart-del",
];

impl Function {
    /// Parses `t`, with the spellings clients send besides the Newznab names
    /// (`tv-search`, `movie-search`, `movies`, `audio`, ...).
    pub fn parse(t: &str) -> Result<Self, TorznabError> {
        let t = t.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "caps" => Self::Caps,
            "search" => Self::Search,
            "tvsearch" | "tv-search" | "tv" => Self::TvSearch,
            "movie" | "movies" | "movie-search" | "moviesearch" => Self::Movie,
            "music" | "music-search" | "musicsearch" | "audio" | "audio-search" => Self::Music,
            "book" | "books" | "book-search" | "booksearch" => Self::Book,
            other if NOT_AVAILABLE.contains(&other) => {
                return Err(TorznabError::FunctionNotAvailable(other.to_owned()));
            }
            other => return Err(TorznabError::NoSuchFunction(other.to_owned())),
        })
    }

    /// The search parameters this function honours (besides `cat`, `limit`, `offset`,
    /// `extended` and `apikey`), in the order caps list them.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Self::Caps => &[],
            Self::Search | Self::Music | Self::Book => &["q"],
            Self::TvSearch => &["q", "season", "ep", "imdbid", "tvdbid", "tmdbid"],
            Self::Movie => &["q", "imdbid", "tmdbid"],
        }
    }

    fn honours(self, param: &str) -> bool {
        self.params().contains(&param)
    }
}

/// The raw parameters: lower-cased names, trimmed non-empty values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawParams(BTreeMap<String, String>);

impl RawParams {
    pub fn from_uri(uri: &Uri) -> Result<Self, TorznabError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|e| TorznabError::incorrect("query string", e.body_text()))?;
        Ok(Self::from_pairs(pairs))
    }

    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in pairs {
            let name = name.as_ref().trim().to_ascii_lowercase();
            let value = value.as_ref().trim();
            if value.is_empty() {
                continue;
            }
            match map.get_mut(&name) {
                Some(list) if name == "cat" => {
                    list.push(',');
                    list.push_str(value);
                }
                _ => {
                    map.insert(name, value.to_owned());
                }
            }
        }
        Self(map)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn function(&self) -> Result<Function, TorznabError> {
        Function::parse(self.get("t").ok_or(TorznabError::MissingParameter("t"))?)
    }
}

/// `ep`: an episode number, or text for daily shows (`ep=02/14` with `season=2024`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Episode {
    Number(u32),
    Text(String),
}

/// The parameters of a search function.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    pub q: Option<String>,
    /// Requested category ids, unknown ones included (they are ignored later).
    pub categories: Vec<u32>,
    /// `tt` and at least seven digits.
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<u64>,
    pub tvdb_id: Option<u64>,
    /// The raw `season` value: a number, or with a text `ep` the first part of a date.
    pub season: Option<String>,
    pub episode: Option<Episode>,
    pub limit: Option<usize>,
    pub offset: usize,
}

impl SearchParams {
    /// Reads the parameters `function` honours.
    pub fn read(function: Function, raw: &RawParams) -> Result<Self, TorznabError> {
        let get = |name: &str| {
            if function.honours(name) {
                raw.get(name)
            } else {
                None
            }
        };
        let season = get("season").map(str::to_owned);
        let episode = get("ep").map(parse_episode);
        // A season is a number unless the episode is a date part (daily shows).
        if let Some(s) = &season
            && !matches!(episode, Some(Episode::Text(_)))
        {
            parse_marked("season", s, b's')?;
        }
        Ok(Self {
            q: get("q").map(str::to_owned),
            categories: raw.get("cat").map(parse_categories).unwrap_or_default(),
            imdb_id: get("imdbid").map(normalize_imdb_id).transpose()?,
            tmdb_id: get("tmdbid")
                .map(|v| parse_number("tmdbid", v))
                .transpose()?,
            tvdb_id: get("tvdbid")
                .map(|v| parse_number("tvdbid", v))
                .transpose()?,
            season,
            episode,
            limit: raw
                .get("limit")
                .map(|v| parse_number("limit", v))
                .transpose()?,
            offset: raw
                .get("offset")
                .map(|v| parse_number("offset", v))
                .transpose()?
                .unwrap_or(0),
        })
    }

    /// The season number, when `season` is one (it is not with a text episode).
    pub fn season_number(&self) -> Option<u32> {
        let season = self.season.as_deref()?;
        parse_marked("season", season, b's').ok()
    }
}

/// A whole number in decimal digits.
fn parse_number<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, TorznabError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TorznabError::incorrect(
            name,
            format!("{value:?} is not a non-negative whole number"),
        ));
    }
    value
        .parse()
        .map_err(|_| TorznabError::incorrect(name, format!("{value:?} is too large")))
}

/// A season or episode number, also written with its marker letter (`S01`, `E02`).
fn parse_marked(name: &str, value: &str, marker: u8) -> Result<u32, TorznabError> {
    let digits = match value.as_bytes().first() {
        Some(b) if b.eq_ignore_ascii_case(&marker) => &value[1..],
        _ => value,
    };
    parse_number(name, digits).map_err(|_| {
        TorznabError::incorrect(
            name,
            format!("{value:?} is not a non-negative whole number"),
        )
    })
}

fn parse_episode(value: &str) -> Episode {
    match parse_marked("ep", value, b'e') {
        Ok(n) => Episode::Number(n),
        Err(_) => Episode::Text(value.to_owned()),
    }
}

/// `cat=2000,5040`: the numeric ids; anything else is skipped (unknown categories are
/// not an error).
fn parse_categories(list: &str) -> Vec<u32> {
    let mut ids: Vec<u32> = list
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// An IMDb id as the index keeps it: `tt` and at least seven digits. Accepts it with or
/// without `tt` (Radarr sends the digits only) and with fewer digits (`133093`).
pub fn normalize_imdb_id(value: &str) -> Result<String, TorznabError> {
    let lower = value.trim().to_ascii_lowercase();
    let digits = lower.strip_prefix("tt").unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TorznabError::incorrect(
            "imdbid",
            format!("{value:?} is not an imdb id (tt0133093 or 0133093)"),
        ));
    }
    let significant = digits.trim_start_matches('0');
    Ok(format!("tt{significant:0>7}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> RawParams {
        RawParams::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn functions_and_aliases() {
        let cases = [
            ("caps", Function::Caps),
            ("search", Function::Search),
            ("tvsearch", Function::TvSearch),
            ("tv-search", Function::TvSearch),
            ("TVSEARCH", Function::TvSearch),
            ("movie", Function::Movie),
            ("movie-search", Function::Movie),
            ("movies", Function::Movie),
            ("music", Function::Music),
            ("audio", Function::Music),
            ("book", Function::Book),
            ("book-search", Function::Book),
        ];
        for (t, want) in cases {
            assert_eq!(Function::parse(t).unwrap(), want, "{t}");
        }
        assert_eq!(Function::parse("get").unwrap_err().code(), 203);
        assert_eq!(Function::parse("details").unwrap_err().code(), 203);
        assert_eq!(Function::parse("frobnicate").unwrap_err().code(), 202);
        assert_eq!(raw(&[]).function().unwrap_err().code(), 200);
        assert_eq!(raw(&[("t", " ")]).function().unwrap_err().code(), 200);
        assert_eq!(raw(&[("T", "caps")]).function().unwrap(), Function::Caps);
    }

    #[test]
    fn imdb_ids_are_normalised() {
        for (input, want) in [
            ("tt0133093", "tt0133093"),
            ("0133093", "tt0133093"),
            ("133093", "tt0133093"),
            ("TT133093", "tt0133093"),
            ("tt10872600", "tt10872600"),
            ("10872600", "tt10872600"),
            ("000133093", "tt0133093"),
            (" tt0133093 ", "tt0133093"),
            ("1", "tt0000001"),
        ] {
            assert_eq!(normalize_imdb_id(input).unwrap(), want, "{input}");
        }
        for bad in [
            "tt",
            "",
            "ttabc",
            "tt12x",
            "nm0000206",
            "-133093",
            "1234567890123",
        ] {
            let error = normalize_imdb_id(bad).unwrap_err();
            assert_eq!(error.code(), 201, "{bad}");
            assert!(
                error.to_string().starts_with("incorrect parameter imdbid"),
                "{error}"
            );
        }
    }

    #[test]
    fn reads_what_sonarr_sends() {
        // Sonarr's RSS sync / indexer test.
        let p = raw(&[
            ("t", "tvsearch"),
            ("cat", "5030,5040"),
            ("extended", "1"),
            ("apikey", "k"),
            ("offset", "0"),
            ("limit", "100"),
        ]);
        let s = SearchParams::read(p.function().unwrap(), &p).unwrap();
        assert_eq!(
            s,
            SearchParams {
                categories: vec![5030, 5040],
                limit: Some(100),
                ..SearchParams::default()
            }
        );
        // An episode search by TVDB id, and a daily show.
        let p = raw(&[
            ("t", "tvsearch"),
            ("tvdbid", "81189"),
            ("season", "1"),
            ("ep", "2"),
            ("q", "Breaking Bad"),
        ]);
        let s = SearchParams::read(Function::TvSearch, &p).unwrap();
        assert_eq!(s.tvdb_id, Some(81189));
        assert_eq!(s.season_number(), Some(1));
        assert_eq!(s.episode, Some(Episode::Number(2)));
        assert_eq!(s.q.as_deref(), Some("Breaking Bad"));
        let p = raw(&[("season", "2024"), ("ep", "02/14")]);
        let s = SearchParams::read(Function::TvSearch, &p).unwrap();
        assert_eq!(s.season.as_deref(), Some("2024"));
        assert_eq!(s.episode, Some(Episode::Text("02/14".into())));
        // Prowlarr's season 0.
        let p = raw(&[("season", "00")]);
        assert_eq!(
            SearchParams::read(Function::TvSearch, &p)
                .unwrap()
                .season_number(),
            Some(0)
        );
        let p = raw(&[("season", "S03"), ("ep", "E04")]);
        let s = SearchParams::read(Function::TvSearch, &p).unwrap();
        assert_eq!(
            (s.season_number(), s.episode),
            (Some(3), Some(Episode::Number(4)))
        );
    }

    #[test]
    fn reads_what_radarr_sends() {
        let p = raw(&[
            ("t", "movie"),
            ("cat", "2000,2040"),
            ("cat", "2045"),
            ("imdbid", "0133093"),
            ("tmdbid", "603"),
        ]);
        let s = SearchParams::read(Function::Movie, &p).unwrap();
        assert_eq!(s.categories, [2000, 2040, 2045]);
        assert_eq!(s.imdb_id.as_deref(), Some("tt0133093"));
        assert_eq!(s.tmdb_id, Some(603));
    }

    #[test]
    fn functions_ignore_parameters_they_do_not_honour() {
        let p = raw(&[
            ("q", "x"),
            ("imdbid", "not even valid"),
            ("season", "x"),
            ("ep", "1"),
            ("tvdbid", "1"),
            ("tmdbid", "1"),
        ]);
        for function in [Function::Search, Function::Music, Function::Book] {
            let s = SearchParams::read(function, &p).unwrap();
            assert_eq!(s.q.as_deref(), Some("x"));
            assert_eq!(
                (s.imdb_id, s.tmdb_id, s.tvdb_id, s.season, s.episode),
                (None, None, None, None, None)
            );
        }
        let p = raw(&[("season", "1"), ("tvdbid", "1"), ("tmdbid", "603")]);
        let s = SearchParams::read(Function::Movie, &p).unwrap();
        assert_eq!((s.season, s.tvdb_id, s.tmdb_id), (None, None, Some(603)));
    }

    #[test]
    fn refuses_bad_numbers() {
        for (name, value) in [
            ("limit", "ten"),
            ("limit", "-1"),
            ("offset", "1.5"),
            ("offset", "99999999999999999999999"),
            ("season", "one"),
            ("season", "-1"),
            ("tvdbid", "abc"),
            ("tmdbid", "tt603"),
        ] {
            let p = raw(&[(name, value)]);
            let error = SearchParams::read(Function::TvSearch, &p)
                .and_then(|_| SearchParams::read(Function::Movie, &p))
                .unwrap_err();
            assert_eq!(error.code(), 201, "{name}={value}");
            assert!(error.to_string().contains(name), "{error}");
        }
        // Unknown or malformed categories are not errors.
        let p = raw(&[("cat", "2000,abc,,100001, 5040")]);
        let s = SearchParams::read(Function::Search, &p).unwrap();
        assert_eq!(s.categories, [2000, 5040, 100_001]);
    }

    #[test]
    fn empty_values_are_absent() {
        let p = raw(&[("q", ""), ("limit", ""), ("offset", " "), ("cat", "")]);
        assert_eq!(
            SearchParams::read(Function::Search, &p).unwrap(),
            SearchParams::default()
        );
    }

    #[test]
    fn reads_the_query_string() {
        let uri: Uri =
            "/torznab/api?t=search&q=The+Office%20%28US%29&Cat=5000&cat=2000&apikey=a%26b"
                .parse()
                .unwrap();
        let p = RawParams::from_uri(&uri).unwrap();
        assert_eq!(p.get("q"), Some("The Office (US)"));
        assert_eq!(p.get("cat"), Some("5000,2000"));
        assert_eq!(p.get("apikey"), Some("a&b"));
        let none: Uri = "/torznab/api".parse().unwrap();
        assert_eq!(RawParams::from_uri(&none).unwrap(), RawParams::default());
    }
}
