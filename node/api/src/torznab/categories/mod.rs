//! Newznab categories and Lodestone's content types, both ways.
//!
//! | id   | name            | a torrent is in it when                                |
//! |------|-----------------|--------------------------------------------------------|
//! | 2000 | Movies          | content type `movie`                                   |
//! | 2030 | Movies/SD       | movie below 720p                                       |
//! | 2040 | Movies/HD       | movie at 720p, 1080p or 1440p                          |
//! | 2045 | Movies/UHD      | movie at 2160p or more                                 |
//! | 2050 | Movies/BluRay   | movie with source `BluRay`                             |
//! | 2060 | Movies/3D       | movie with any 3D layout                               |
//! | 3000 | Audio           | `music` or `audiobook`                                 |
//! | 3030 | Audio/Audiobook | `audiobook`                                            |
//! | 4000 | PC              | `software` or `game`                                   |
//! | 4050 | PC/Games        | `game`                                                 |
//! | 5000 | TV              | `tv_show`                                              |
//! | 5030 | TV/SD           | TV below 720p                                          |
//! | 5040 | TV/HD           | TV at 720p, 1080p or 1440p                             |
//! | 5045 | TV/UHD          | TV at 2160p or more                                    |
//! | 5070 | TV/Anime        | TV tagged `anime`                                      |
//! | 6000 | XXX             | `xxx`                                                  |
//! | 7000 | Books           | `ebook` or `comic`                                     |
//! | 7020 | Books/EBook     | `ebook`                                                |
//! | 7030 | Books/Comics    | `comic`                                                |
//! | 8000 | Other           | `unknown` (not classified)                             |
//!
//! A torrent is listed under its parent category and every subcategory it is in
//! ([`of_torrent`]): a 1080p BluRay 3D movie is 2000, 2040, 2050 and 2060.
//!
//! A request's `cat` list becomes alternatives ([`filter_for`]), one per category
//! asked for, each the category's content types and what its row above narrows them
//! to (a resolution class, source `BluRay`, a 3D layout, tag `anime`). A torrent
//! matches when it is in one of them, which is exactly when its categories include one
//! of the requested ids: `2045,7020` is UHD movies and e-books, nothing more. A parent
//! asked for with its subcategories is the whole parent. Unknown ids are ignored.

mod alternatives;

use lodestone_proto::{ContentType, Video3d, VideoResolution, VideoSource};
use lodestone_store::search_feed::TorrentSummary;

pub use alternatives::{Alternative, filter_for};

use ContentType as C;
use ResolutionClass::{Hd, Sd, Uhd};

/// The tag that puts a TV torrent in TV/Anime.
pub const ANIME_TAG: &str = "anime";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResolutionClass {
    /// Below 720p.
    Sd,
    /// 720p to 1440p.
    Hd,
    /// 2160p and up.
    Uhd,
}

impl ResolutionClass {
    pub fn of(resolution: VideoResolution) -> Self {
        use VideoResolution::*;
        match resolution {
            V360p | V480p | V540p | V576p => Self::Sd,
            V720p | V1080p | V1440p => Self::Hd,
            V2160p | V4320p => Self::Uhd,
        }
    }
}

/// What a subcategory narrows its parent's content types to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subset {
    /// Nothing more than the content types.
    All,
    Resolution(ResolutionClass),
    BluRay,
    ThreeD,
    Anime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub id: u32,
    pub name: &'static str,
    pub parent: Option<u32>,
    pub content_types: &'static [ContentType],
    pub subset: Subset,
}

const fn top(id: u32, name: &'static str, content_types: &'static [ContentType]) -> Category {
    Category {
        id,
        name,
        parent: None,
        content_types,
        subset: Subset::All,
    }
}

const fn sub(
    parent_id: u32,
    id: u32,
    name: &'static str,
    content_types: &'static [ContentType],
    subset: Subset,
) -> Category {
    Category {
        id,
        name,
        parent: Some(parent_id),
        content_types,
        subset,
    }
}

/// Every category served, each parent followed by its subcategories.
pub const CATEGORIES: &[Category] = &[
    top(2000, "Movies", &[C::Movie]),
    sub(2000, 2030, "Movies/SD", &[C::Movie], Subset::Resolution(Sd)),
    sub(2000, 2040, "Movies/HD", &[C::Movie], Subset::Resolution(Hd)),
    sub(
        2000,
        2045,
        "Movies/UHD",
        &[C::Movie],
        Subset::Resolution(Uhd),
    ),
    sub(2000, 2050, "Movies/BluRay", &[C::Movie], Subset::BluRay),
    sub(2000, 2060, "Movies/3D", &[C::Movie], Subset::ThreeD),
    top(3000, "Audio", &[C::Music, C::Audiobook]),
    sub(3000, 3030, "Audio/Audiobook", &[C::Audiobook], Subset::All),
    top(4000, "PC", &[C::Software, C::Game]),
    sub(4000, 4050, "PC/Games", &[C::Game], Subset::All),
    top(5000, "TV", &[C::TvShow]),
    sub(5000, 5030, "TV/SD", &[C::TvShow], Subset::Resolution(Sd)),
    sub(5000, 5040, "TV/HD", &[C::TvShow], Subset::Resolution(Hd)),
    sub(5000, 5045, "TV/UHD", &[C::TvShow], Subset::Resolution(Uhd)),
    sub(5000, 5070, "TV/Anime", &[C::TvShow], Subset::Anime),
    top(6000, "XXX", &[C::Xxx]),
    top(7000, "Books", &[C::Ebook, C::Comic]),
    sub(7000, 7020, "Books/EBook", &[C::Ebook], Subset::All),
    sub(7000, 7030, "Books/Comics", &[C::Comic], Subset::All),
    top(8000, "Other", &[C::Unknown]),
];

pub fn by_id(id: u32) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.id == id)
}

/// What decides a torrent's categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    pub content_type: ContentType,
    pub resolution: Option<ResolutionClass>,
    pub bluray: bool,
    pub three_d: bool,
    pub anime: bool,
}

impl Traits {
    pub fn of(summary: &TorrentSummary) -> Self {
        Self {
            content_type: summary.content_type,
            resolution: summary
                .video_resolution
                .as_deref()
                .and_then(|r| r.parse().ok())
                .map(ResolutionClass::of),
            bluray: summary.video_source.as_deref().and_then(|s| s.parse().ok())
                == Some(VideoSource::BluRay),
            three_d: summary
                .video_3d
                .as_deref()
                .is_some_and(|v| v.parse::<Video3d>().is_ok()),
            anime: summary
                .tags
                .iter()
                .any(|t| t.eq_ignore_ascii_case(ANIME_TAG)),
        }
    }

    fn is_in(&self, category: &Category) -> bool {
        category.content_types.contains(&self.content_type)
            && match category.subset {
                Subset::All => true,
                Subset::Resolution(class) => self.resolution == Some(class),
                Subset::BluRay => self.bluray,
                Subset::ThreeD => self.three_d,
                Subset::Anime => self.anime,
            }
    }
}

/// The categories of a torrent: its parent and every subcategory it is in, in table
/// order (parent first).
pub fn of_torrent(traits: &Traits) -> Vec<u32> {
    CATEGORIES
        .iter()
        .filter(|c| traits.is_in(c))
        .map(|c| c.id)
        .collect()
}

/// The resolution facet values of a class: the canonical names (`V1080p`), which the
/// index keeps.
pub fn resolution_values(class: ResolutionClass) -> Vec<String> {
    VideoResolution::ALL
        .iter()
        .filter(|r| ResolutionClass::of(**r) == class)
        .map(|r| r.as_str().to_owned())
        .collect()
}

/// The categories a profile serving `content_types` (empty: all) lists in its caps:
/// those with a content type it serves.
pub fn served(content_types: &[ContentType]) -> impl Iterator<Item = &'static Category> {
    let all = content_types.is_empty();
    let types = content_types.to_vec();
    CATEGORIES
        .iter()
        .filter(move |c| all || c.content_types.iter().any(|t| types.contains(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits(content_type: ContentType) -> Traits {
        Traits {
            content_type,
            resolution: None,
            bluray: false,
            three_d: false,
            anime: false,
        }
    }

    #[test]
    fn table_is_consistent() {
        let mut ids: Vec<u32> = CATEGORIES.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATEGORIES.len(), "ids are unique");
        for c in CATEGORIES {
            if let Some(p) = c.parent {
                let parent = by_id(p).unwrap();
                assert!(parent.parent.is_none(), "{}", c.id);
                assert!(c.id / 1000 == p / 1000, "{}", c.id);
                assert!(c.name.starts_with(parent.name), "{}", c.name);
                for t in c.content_types {
                    assert!(parent.content_types.contains(t), "{}", c.id);
                }
            }
        }
        // Every content type has a parent category.
        for &t in ContentType::ALL {
            assert_eq!(
                CATEGORIES
                    .iter()
                    .filter(|c| c.parent.is_none() && c.content_types.contains(&t))
                    .count(),
                1,
                "{t}"
            );
        }
    }

    #[test]
    fn each_content_type_maps_to_its_categories() {
        let cases: [(ContentType, &[u32]); 10] = [
            (C::Movie, &[2000]),
            (C::TvShow, &[5000]),
            (C::Music, &[3000]),
            (C::Audiobook, &[3000, 3030]),
            (C::Software, &[4000]),
            (C::Game, &[4000, 4050]),
            (C::Xxx, &[6000]),
            (C::Ebook, &[7000, 7020]),
            (C::Comic, &[7000, 7030]),
            (C::Unknown, &[8000]),
        ];
        for (content_type, want) in cases {
            assert_eq!(of_torrent(&traits(content_type)), want, "{content_type}");
        }
    }

    #[test]
    fn video_subcategories_follow_resolution_source_3d_and_tags() {
        let movie = |resolution, bluray, three_d| Traits {
            resolution,
            bluray,
            three_d,
            ..traits(C::Movie)
        };
        assert_eq!(of_torrent(&movie(Some(Sd), false, false)), [2000, 2030]);
        assert_eq!(of_torrent(&movie(Some(Hd), false, false)), [2000, 2040]);
        assert_eq!(of_torrent(&movie(Some(Uhd), false, false)), [2000, 2045]);
        assert_eq!(of_torrent(&movie(None, true, false)), [2000, 2050]);
        assert_eq!(of_torrent(&movie(None, false, true)), [2000, 2060]);
        assert_eq!(
            of_torrent(&movie(Some(Hd), true, true)),
            [2000, 2040, 2050, 2060]
        );
        let tv = |resolution, anime| Traits {
            resolution,
            anime,
            ..traits(C::TvShow)
        };
        assert_eq!(of_torrent(&tv(Some(Sd), false)), [5000, 5030]);
        assert_eq!(of_torrent(&tv(Some(Hd), false)), [5000, 5040]);
        assert_eq!(of_torrent(&tv(Some(Uhd), true)), [5000, 5045, 5070]);
        assert_eq!(of_torrent(&tv(None, true)), [5000, 5070]);
        // Video traits only matter for video content types.
        let music = Traits {
            resolution: Some(Hd),
            bluray: true,
            three_d: true,
            anime: true,
            ..traits(C::Music)
        };
        assert_eq!(of_torrent(&music), [3000]);
    }

    #[test]
    fn resolution_classes() {
        use VideoResolution::*;
        for (r, class) in [
            (V360p, Sd),
            (V480p, Sd),
            (V540p, Sd),
            (V576p, Sd),
            (V720p, Hd),
            (V1080p, Hd),
            (V1440p, Hd),
            (V2160p, Uhd),
            (V4320p, Uhd),
        ] {
            assert_eq!(ResolutionClass::of(r), class, "{r}");
        }
        assert_eq!(resolution_values(Hd), ["V720p", "V1080p", "V1440p"]);
    }

    #[test]
    fn traits_read_canonical_and_loose_names() {
        let summary = |res: &str, source: &str, d3: Option<&str>, tags: &[&str]| TorrentSummary {
            info_hash: lodestone_proto::InfoHash::from_bytes(&[1; 20]).unwrap(),
            name: "x".into(),
            size: 1,
            private: false,
            files_count: None,
            origin: 1,
            discovered_at: time::OffsetDateTime::UNIX_EPOCH,
            published_at: time::OffsetDateTime::UNIX_EPOCH,
            seeders: None,
            leechers: None,
            classified: false,
            content_type: C::Movie,
            title: None,
            release_year: None,
            episodes: None,
            video_resolution: Some(res.into()),
            video_source: Some(source.into()),
            video_codec: None,
            video_3d: d3.map(Into::into),
            video_modifier: None,
            release_group: None,
            languages: vec![],
            content_source: None,
            content_id: None,
            external_ids: vec![],
            tags: tags.iter().map(|t| t.to_string()).collect(),
        };
        let t = Traits::of(&summary("V2160p", "BluRay", Some("V3DSBS"), &["anime"]));
        assert_eq!(
            (t.resolution, t.bluray, t.three_d, t.anime),
            (Some(Uhd), true, true, true)
        );
        let t = Traits::of(&summary("720p", "bluray", None, &["x"]));
        assert_eq!(
            (t.resolution, t.bluray, t.three_d, t.anime),
            (Some(Hd), true, false, false)
        );
        let t = Traits::of(&summary("weird", "WEBDL", Some(""), &[]));
        assert_eq!(
            (t.resolution, t.bluray, t.three_d, t.anime),
            (None, false, false, false)
        );
        // 3D values the index would not match are not 3D either.
        let t = Traits::of(&summary("V1080p", "BluRay", Some("2D"), &[]));
        assert!(!t.three_d);
        let t = Traits::of(&summary("V1080p", "BluRay", Some("3d"), &[]));
        assert!(t.three_d);
    }

    #[test]
    fn profiles_serve_the_categories_of_their_content_types() {
        let ids = |types: &[ContentType]| served(types).map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(&[]).len(), CATEGORIES.len());
        assert_eq!(ids(&[C::Movie]), [2000, 2030, 2040, 2045, 2050, 2060]);
        assert_eq!(ids(&[C::Game]), [4000, 4050]);
        assert_eq!(ids(&[C::Audiobook, C::Unknown]), [3000, 3030, 8000]);
    }
}
