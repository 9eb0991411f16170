//! One line of bitmagnet's `/import` format into a [`NewTorrent`].
//!
//! Keys are matched case-insensitively (`infoHash`, `infohash` and `INFOHASH` are the
//! same key); unknown keys are ignored, so dumps with extra fields load; `null` means
//! absent. Keys:
//!
//! | key | value |
//! |---|---|
//! | `infoHash` (required) | 40 hex or 32 base32 characters, or a magnet link |
//! | `name` (required) | non-empty string |
//! | `size` | non-negative integer; required unless `files` is given (then their sum) |
//! | `private` | boolean |
//! | `source` | source key (`rarbg`); default: the importer's source |
//! | `publishedAt` | RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC), `YYYY-MM-DD`, or Unix seconds |
//! | `files` | array of `{"path": string, "size": integer}` |
//! | `seeders`, `leechers` | non-negative integers |
//! | `contentType` | movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown |
//! | `contentSource`, `contentId` | strings (`imdb`, `tt0133093`) |
//! | `title`, `releaseGroup` | strings |
//! | `releaseYear` | integer 1800..=2100 |
//! | `episodes` | `{"1": {"2": {}}}`, `{"1": [2, 3]}` or `"S01E02"` |
//! | `videoResolution`, `videoSource`, `videoCodec`, `video3D`, `videoModifier` | bitmagnet's values (`V1080p`, `BluRay`, `x264`, ...) |
//! | `languages` | array of language codes or names |

use lodestone_proto::{
    ContentType, Episodes, InfoHash, Video3d, VideoCodec, VideoModifier, VideoResolution,
    VideoSource,
};
use lodestone_store::torrents::{
    NewFile, NewTorrent, SourceObservation, TorrentHints, is_source_key,
};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::LineError;

/// Most files one record may list.
pub const MAX_FILES: usize = 100_000;
/// Longest name or path accepted, in bytes.
pub const MAX_TEXT: usize = 4096;

/// Parses and validates one line. `line` is its 1-based number, `default_source` the
/// source key used when the record names none.
pub fn parse_line(text: &str, line: u64, default_source: &str) -> Result<NewTorrent, LineError> {
    let err = |key: Option<&str>, message: String| LineError {
        line,
        key: key.map(str::to_string),
        message,
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        err(
            None,
            format!(
                "invalid JSON at column {}: {}",
                e.column(),
                strip_position(&e)
            ),
        )
    })?;
    let Value::Object(map) = value else {
        return Err(err(
            None,
            format!("expected a JSON object, found {}", kind(&value)),
        ));
    };
    Record { map: &map, line }.parse(default_source)
}

struct Record<'a> {
    map: &'a Map<String, Value>,
    line: u64,
}

impl<'a> Record<'a> {
    /// The value of `key` (case-insensitive) with the key as written; `null` is absent.
    fn get(&self, key: &str) -> Option<(&'a str, &'a Value)> {
        self.map
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(key) && !v.is_null())
            .map(|(k, v)| (k.as_str(), v))
    }

    fn error(&self, key: &str, message: impl Into<String>) -> LineError {
        LineError {
            line: self.line,
            key: Some(key.to_string()),
            message: message.into(),
        }
    }

    fn string(&self, key: &str) -> Result<Option<&'a str>, LineError> {
        match self.get(key) {
            None => Ok(None),
            Some((k, Value::String(s))) => {
                check_text(s).map_err(|m| self.error(k, m))?;
                Ok(Some(s.as_str()))
            }
            Some((k, v)) => Err(self.error(k, format!("expected a string, found {}", kind(v)))),
        }
    }

    fn non_empty_string(&self, key: &str) -> Result<Option<String>, LineError> {
        Ok(self
            .string(key)?
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string))
    }

    fn count(&self, key: &str) -> Result<Option<i32>, LineError> {
        match self.get(key) {
            None => Ok(None),
            Some((k, v)) => match v.as_u64() {
                Some(n) if n <= i32::MAX as u64 => Ok(Some(n as i32)),
                _ => Err(self.error(k, format!("expected a count (0..={}), found {v}", i32::MAX))),
            },
        }
    }

    fn parsed<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, LineError>
    where
        T::Err: std::fmt::Display,
    {
        match self.string(key)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => s.trim().parse::<T>().map(Some).map_err(|e| {
                let written = self.get(key).map(|(k, _)| k).unwrap_or(key);
                self.error(written, e.to_string())
            }),
        }
    }

    fn parse(&self, default_source: &str) -> Result<NewTorrent, LineError> {
        let info_hash = match self.get("infoHash") {
            None => return Err(self.error("infoHash", "missing (required)")),
            Some((k, Value::String(s))) => s
                .trim()
                .parse::<InfoHash>()
                .map_err(|e| self.error(k, e.to_string()))?,
            Some((k, v)) => {
                return Err(self.error(k, format!("expected a string, found {}", kind(v))));
            }
        };
        let name = self
            .non_empty_string("name")?
            .ok_or_else(|| self.error("name", "missing (required, non-empty)"))?;
        let files = self.files()?;
        let size = match self.get("size") {
            Some((k, v)) => match v.as_u64() {
                Some(n) if n <= i64::MAX as u64 => n as i64,
                _ => {
                    return Err(
                        self.error(k, format!("expected a non-negative integer, found {v}"))
                    );
                }
            },
            None => match &files {
                Some(files) => files.iter().map(|f| f.size).sum(),
                None => {
                    return Err(self.error("size", "missing (required when there are no files)"));
                }
            },
        };
        let private = match self.get("private") {
            None => false,
            Some((_, Value::Bool(b))) => *b,
            Some((k, v)) => {
                return Err(self.error(k, format!("expected true or false, found {v}")));
            }
        };
        let source_key = match self
            .string("source")?
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => default_source.to_string(),
            Some(s) => {
                let key = s.to_ascii_lowercase();
                if !is_source_key(&key) {
                    let written = self.get("source").map(|(k, _)| k).unwrap_or("source");
                    return Err(self.error(
                        written,
                        format!(
                            "{s:?} is not a source key (letters, digits, '.', '_', '-'; at most 64)"
                        ),
                    ));
                }
                key
            }
        };
        let source = SourceObservation {
            key: source_key,
            seeders: self.count("seeders")?,
            leechers: self.count("leechers")?,
            published_at: self.published_at()?,
        };
        let hints = self.hints()?;
        Ok(NewTorrent {
            info_hash,
            name,
            size,
            private,
            files,
            source,
            hints: (!hints.is_empty()).then_some(hints),
        })
    }

    fn files(&self) -> Result<Option<Vec<NewFile>>, LineError> {
        let Some((key, value)) = self.get("files") else {
            return Ok(None);
        };
        let Value::Array(items) = value else {
            return Err(self.error(key, format!("expected an array, found {}", kind(value))));
        };
        if items.len() > MAX_FILES {
            return Err(self.error(
                key,
                format!("{} files, at most {MAX_FILES} accepted", items.len()),
            ));
        }
        let mut files = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = |field: &str| format!("{key}[{i}].{field}");
            let Value::Object(file) = item else {
                return Err(self.error(
                    &format!("{key}[{i}]"),
                    format!("expected an object, found {}", kind(item)),
                ));
            };
            let field = |name: &str| {
                file.iter()
                    .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_null())
                    .map(|(_, v)| v)
            };
            let path = match field("path") {
                Some(Value::String(s)) if !s.is_empty() => {
                    check_text(s).map_err(|m| self.error(&at("path"), m))?;
                    s.clone()
                }
                Some(Value::String(_)) => return Err(self.error(&at("path"), "empty")),
                Some(v) => {
                    return Err(
                        self.error(&at("path"), format!("expected a string, found {}", kind(v)))
                    );
                }
                None => return Err(self.error(&at("path"), "missing (required)")),
            };
            let size = match field("size") {
                Some(v) => match v.as_u64() {
                    Some(n) if n <= i64::MAX as u64 => n as i64,
                    _ => {
                        return Err(self.error(
                            &at("size"),
                            format!("expected a non-negative integer, found {v}"),
                        ));
                    }
                },
                None => return Err(self.error(&at("size"), "missing (required)")),
            };
            files.push(NewFile { path, size });
        }
        Ok(Some(files))
    }

    fn published_at(&self) -> Result<Option<OffsetDateTime>, LineError> {
        let Some((key, value)) = self.get("publishedAt") else {
            return Ok(None);
        };
        match value {
            Value::Number(n) => n
                .as_i64()
                .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
                .map(Some)
                .ok_or_else(|| self.error(key, format!("{n} is not a Unix time in seconds"))),
            Value::String(s) => parse_time(s.trim()).map(Some).ok_or_else(|| {
                self.error(
                    key,
                    format!(
                        "{s:?} is not a date (RFC 3339, \"YYYY-MM-DD HH:MM:SS\" or \"YYYY-MM-DD\")"
                    ),
                )
            }),
            v => Err(self.error(
                key,
                format!("expected a date string or Unix seconds, found {}", kind(v)),
            )),
        }
    }

    fn hints(&self) -> Result<TorrentHints, LineError> {
        let release_year = match self.get("releaseYear") {
            None => None,
            Some((k, v)) => {
                let year = match v {
                    Value::String(s) if s.trim().is_empty() => None,
                    Value::String(s) => Some(s.trim().parse::<i64>().ok()),
                    Value::Number(n) => Some(n.as_i64()),
                    _ => Some(None),
                };
                match year {
                    None => None,
                    Some(Some(y)) if (1800..=2100).contains(&y) => Some(y as i16),
                    Some(_) => {
                        return Err(
                            self.error(k, format!("expected a year (1800..=2100), found {v}"))
                        );
                    }
                }
            }
        };
        let episodes = match self.get("episodes") {
            None => None,
            Some((k, v)) => Some(
                serde_json::from_value::<Episodes>(v.clone())
                    .map_err(|e| self.error(k, format!("not episodes: {e}")))?,
            ),
        };
        let languages = match self.get("languages") {
            None => Vec::new(),
            Some((k, Value::Array(items))) => {
                let mut languages = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let Some(s) = item.as_str() else {
                        return Err(self.error(
                            &format!("{k}[{i}]"),
                            format!("expected a string, found {}", kind(item)),
                        ));
                    };
                    let lang = s.trim().to_ascii_lowercase();
                    if lang.is_empty()
                        || lang.len() > 32
                        || !lang
                            .chars()
                            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_' || c == ' ')
                    {
                        return Err(self.error(
                            &format!("{k}[{i}]"),
                            format!("{s:?} is not a language code or name"),
                        ));
                    }
                    if !languages.contains(&lang) {
                        languages.push(lang);
                    }
                }
                languages
            }
            Some((k, v)) => {
                return Err(self.error(
                    k,
                    format!("expected an array of strings, found {}", kind(v)),
                ));
            }
        };
        Ok(TorrentHints {
            content_type: self.parsed::<ContentType>("contentType")?,
            content_source: self.non_empty_string("contentSource")?,
            content_id: self.non_empty_string("contentId")?,
            title: self.non_empty_string("title")?,
            release_year,
            episodes,
            video_resolution: self
                .parsed::<VideoResolution>("videoResolution")?
                .map(|v| v.as_str().to_string()),
            video_source: self
                .parsed::<VideoSource>("videoSource")?
                .map(|v| v.as_str().to_string()),
            video_codec: self
                .parsed::<VideoCodec>("videoCodec")?
                .map(|v| v.as_str().to_string()),
            video_3d: self
                .parsed::<Video3d>("video3D")?
                .map(|v| v.as_str().to_string()),
            video_modifier: self
                .parsed::<VideoModifier>("videoModifier")?
                .map(|v| v.as_str().to_string()),
            release_group: self.non_empty_string("releaseGroup")?,
            languages,
        })
    }
}

/// Text PostgreSQL can store, of a sane length.
fn check_text(s: &str) -> Result<(), String> {
    if s.contains('\0') {
        return Err("contains a NUL character".into());
    }
    if s.len() > MAX_TEXT {
        return Err(format!(
            "{} bytes long, at most {MAX_TEXT} accepted",
            s.len()
        ));
    }
    Ok(())
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let datetime = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    if let Ok(t) = time::PrimitiveDateTime::parse(s, datetime) {
        return Some(t.assume_utc());
    }
    let datetime_t = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    if let Ok(t) = time::PrimitiveDateTime::parse(s, datetime_t) {
        return Some(t.assume_utc());
    }
    let date = format_description!("[year]-[month]-[day]");
    time::Date::parse(s, date)
        .ok()
        .map(|d| d.midnight().assume_utc())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its " at line 1 column N" suffix (we give the column).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

    fn parse(text: &str) -> Result<NewTorrent, LineError> {
        parse_line(text, 7, "import")
    }

    #[test]
    fn minimal_record_uses_default_source() {
        let t = parse(&format!(
            r#"{{"infoHash":"{HASH}","name":"The.Matrix.1999.1080p","size":123}}"#
        ))
        .unwrap();
        assert_eq!(t.info_hash.to_hex(), HASH);
        assert_eq!(t.name, "The.Matrix.1999.1080p");
        assert_eq!(t.size, 123);
        assert!(!t.private);
        assert_eq!(t.files, None);
        assert_eq!(t.source.key, "import");
        assert_eq!(t.hints, None);
    }

    #[test]
    fn keys_are_case_insensitive() {
        let t = parse(&format!(
            r#"{{"INFOHASH":"{HASH}","Name":"x","SIZE":5,"Source":"RARBG","contenttype":"movie","VIDEO3D":"V3DSBS","releaseyear":1999}}"#
        ))
        .unwrap();
        assert_eq!(t.source.key, "rarbg");
        let hints = t.hints.unwrap();
        assert_eq!(hints.content_type, Some(ContentType::Movie));
        assert_eq!(hints.video_3d.as_deref(), Some("V3DSBS"));
        assert_eq!(hints.release_year, Some(1999));
    }

    #[test]
    fn full_bitmagnet_record() {
        let line = format!(
            r#"{{"infoHash":"{HASH}","name":"Show.S01E02.720p","size":1000,"private":true,
            "publishedAt":"2019-03-04T05:06:07Z","contentType":"tv_show","contentSource":"imdb",
            "contentId":"tt0944947","title":"Show","releaseYear":2011,"episodes":{{"1":{{"2":{{}}}}}},
            "videoResolution":"V720p","videoSource":"WEBRip","videoCodec":"x264","videoModifier":"REMUX",
            "releaseGroup":"GRP","languages":["en","FR"],"seeders":10,"leechers":2,
            "files":[{{"path":"Show/s01e02.mkv","size":990}},{{"Path":"Show/s.srt","SIZE":10}}]}}"#
        )
        .replace('\n', "");
        let t = parse(&line).unwrap();
        assert!(t.private);
        assert_eq!(t.files.as_ref().unwrap().len(), 2);
        assert_eq!(t.files.as_ref().unwrap()[1].path, "Show/s.srt");
        assert_eq!(t.source.seeders, Some(10));
        assert_eq!(t.source.leechers, Some(2));
        assert_eq!(
            t.source.published_at.unwrap().unix_timestamp(),
            1_551_675_967
        );
        let h = t.hints.unwrap();
        assert_eq!(h.content_type, Some(ContentType::TvShow));
        assert_eq!(h.content_id.as_deref(), Some("tt0944947"));
        assert_eq!(h.video_resolution.as_deref(), Some("V720p"));
        assert_eq!(h.video_source.as_deref(), Some("WEBRip"));
        assert_eq!(h.languages, vec!["en", "fr"]);
        assert_eq!(h.episodes.unwrap().to_labels(), vec!["S01E02"]);
    }

    #[test]
    fn size_defaults_to_sum_of_files() {
        let t = parse(&format!(
            r#"{{"infoHash":"{HASH}","name":"x","files":[{{"path":"a","size":3}},{{"path":"b","size":4}}]}}"#
        ))
        .unwrap();
        assert_eq!(t.size, 7);
    }

    #[test]
    fn published_at_formats() {
        for (value, expected) in [
            (r#""2017-05-02 03:07:07""#, 1_493_694_427),
            (r#""2017-05-02""#, 1_493_683_200),
            ("1493694427", 1_493_694_427),
            (r#""2017-05-02T05:07:07+02:00""#, 1_493_694_427),
        ] {
            let t = parse(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","size":1,"publishedAt":{value}}}"#
            ))
            .unwrap();
            assert_eq!(
                t.source.published_at.unwrap().unix_timestamp(),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn nulls_are_absent() {
        let t = parse(&format!(
            r#"{{"infoHash":"{HASH}","name":"x","size":1,"contentType":null,"seeders":null}}"#
        ))
        .unwrap();
        assert_eq!(t.hints, None);
        assert_eq!(t.source.seeders, None);
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_line_and_key() {
        assert_eq!(
            error(r#"{"name":"x","size":1}"#),
            r#"line 7: key "infoHash": missing (required)"#
        );
        assert!(
            error(r#"{"infohash":"abc","name":"x","size":1}"#)
                .starts_with(r#"line 7: key "infohash": "#)
        );
        assert_eq!(
            error(&format!(r#"{{"infoHash":"{HASH}","name":"x","size":-1}}"#)),
            r#"line 7: key "size": expected a non-negative integer, found -1"#
        );
        assert_eq!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","size":"big"}}"#
            )),
            r#"line 7: key "size": expected a non-negative integer, found "big""#
        );
        assert_eq!(
            error(&format!(r#"{{"infoHash":"{HASH}","size":1}}"#)),
            r#"line 7: key "name": missing (required, non-empty)"#
        );
        assert_eq!(
            error(&format!(r#"{{"infoHash":"{HASH}","name":"x"}}"#)),
            r#"line 7: key "size": missing (required when there are no files)"#
        );
        assert_eq!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","files":[{{"path":"a"}}]}}"#
            )),
            r#"line 7: key "files[0].size": missing (required)"#
        );
        assert!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","size":1,"contentType":"film"}}"#
            ))
            .starts_with(r#"line 7: key "contentType": "#)
        );
        assert!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","size":1,"releaseYear":99999}}"#
            ))
            .contains("releaseYear")
        );
        assert!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","size":1,"publishedAt":"yesterday"}}"#
            ))
            .contains(r#"key "publishedAt""#)
        );
        assert!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x\u0000y","size":1}}"#
            ))
            .contains("NUL")
        );
        assert!(
            error(&format!(
                r#"{{"infoHash":"{HASH}","name":"x","size":1,"source":"bad source!"}}"#
            ))
            .contains(r#"key "source""#)
        );
    }

    #[test]
    fn json_errors_give_column() {
        assert_eq!(
            error(r#"{"infoHash": }"#),
            "line 7: invalid JSON at column 14: expected value"
        );
        assert_eq!(
            error("[1,2]"),
            "line 7: expected a JSON object, found an array"
        );
    }
}
