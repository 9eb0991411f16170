//! What kind of work a torrent holds.

use crate::pb::classification::ContentType as PbContentType;
use crate::string_enum::string_enum;

string_enum! {
    /// What kind of work a torrent holds, with bitmagnet's names.
    ///
    /// Besides the names (and their spellings without separators, such as "tvshow"),
    /// `FromStr` accepts only the alias "tv" for `tv_show`. "book" is refused because it
    /// could mean `ebook` or `audiobook`.
    pub enum ContentType as "content type" {
        Movie = "movie",
        TvShow = "tv_show",
        Music = "music",
        Ebook = "ebook",
        Comic = "comic",
        Audiobook = "audiobook",
        Game = "game",
        Software = "software",
        Xxx = "xxx",
        /// Not (yet) classified.
        Unknown = "unknown",
    }
    aliases {
        "tv" => TvShow,
    }
}

impl From<ContentType> for PbContentType {
    fn from(value: ContentType) -> Self {
        match value {
            ContentType::Movie => Self::Movie,
            ContentType::TvShow => Self::TvShow,
            ContentType::Music => Self::Music,
            ContentType::Ebook => Self::Ebook,
            ContentType::Comic => Self::Comic,
            ContentType::Audiobook => Self::Audiobook,
            ContentType::Game => Self::Game,
            ContentType::Software => Self::Software,
            ContentType::Xxx => Self::Xxx,
            ContentType::Unknown => Self::Unknown,
        }
    }
}

impl From<PbContentType> for ContentType {
    fn from(value: PbContentType) -> Self {
        match value {
            PbContentType::Movie => Self::Movie,
            PbContentType::TvShow => Self::TvShow,
            PbContentType::Music => Self::Music,
            PbContentType::Ebook => Self::Ebook,
            PbContentType::Comic => Self::Comic,
            PbContentType::Audiobook => Self::Audiobook,
            PbContentType::Game => Self::Game,
            PbContentType::Software => Self::Software,
            PbContentType::Xxx => Self::Xxx,
            PbContentType::Unknown => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProtoError;

    #[test]
    fn names_round_trip_through_str_serde_and_pb() {
        assert_eq!(ContentType::ALL.len(), 10);
        for &ct in ContentType::ALL {
            assert_eq!(ct.as_str().parse::<ContentType>(), Ok(ct));
            assert_eq!(ct.to_string(), ct.as_str());
            let json = serde_json::to_string(&ct).unwrap();
            assert_eq!(json, format!("\"{}\"", ct.as_str()));
            assert_eq!(serde_json::from_str::<ContentType>(&json).unwrap(), ct);
            let pb = PbContentType::from(ct);
            // The protobuf enum's value names are the same snake_case names.
            assert_eq!(pb.as_str_name(), ct.as_str());
            assert_eq!(ContentType::from(pb), ct);
        }
    }

    #[test]
    fn parses_case_insensitively_and_with_aliases() {
        assert_eq!("MOVIE".parse(), Ok(ContentType::Movie));
        assert_eq!("tv".parse(), Ok(ContentType::TvShow));
        assert_eq!("TV Show".parse(), Ok(ContentType::TvShow));
        assert_eq!("tvshow".parse(), Ok(ContentType::TvShow));
        assert_eq!("tv-show".parse(), Ok(ContentType::TvShow));
        assert_eq!("e-book".parse(), Ok(ContentType::Ebook));
        assert_eq!("XXX".parse(), Ok(ContentType::Xxx));
    }

    #[test]
    fn refuses_ambiguous_and_unknown_names() {
        for bad in ["book", "", "  ", "movies", "film"] {
            let err = bad.parse::<ContentType>().unwrap_err();
            assert!(
                matches!(&err, ProtoError::UnknownVariant { kind: "content type", value, .. } if value == bad),
                "{bad:?} gave {err:?}"
            );
        }
        let message = "book".parse::<ContentType>().unwrap_err().to_string();
        assert!(
            message.starts_with("unknown content type \"book\", expected one of: movie, tv_show")
        );
        assert!(serde_json::from_str::<ContentType>("\"book\"").is_err());
    }
}
