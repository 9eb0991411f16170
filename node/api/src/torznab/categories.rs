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
//! A request's `cat` list becomes a [`CategoryFilter`] ([`filter_for`]): the content
//! types of the categories named, plus what the subcategories narrow down to when it
//! can be said with a facet filter: resolutions when only resolution subcategories of
//! a parent are asked for (`2040,2045`: HD or UHD movies), source `BluRay` for 2050
//! alone, tag `anime` for 5070 alone. A parent asked for with its subcategories is the
//! whole parent; a mix that one facet filter cannot express (`2040,2050`: HD or
//! BluRay; 3D, which the index has no facet for) keeps only the content types, so
//! responses err towards more results, never fewer. Unknown ids are ignored.

use std::collections::BTreeSet;

use lodestone_proto::{ContentType, VideoResolution, VideoSource};
use lodestone_search::{Facet, FacetFilter, Logic};
use lodestone_store::search_feed::TorrentSummary;

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
                .is_some_and(|v| !v.trim().is_empty()),
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

/// What a subcategory selection narrows to beyond content types, when one facet
/// filter can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Narrowing {
    None,
    Resolutions(BTreeSet<ResolutionClass>),
    BluRay,
    Anime,
}

/// A `cat` list as search filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryFilter {
    pub content_types: BTreeSet<ContentType>,
    pub narrowing: Narrowing,
}

/// The filter for the requested category ids, within the content types `allowed`
/// (a profile's; empty: all). `None` when no id is known (no restriction); empty
/// content types when none of the requested ones is allowed (nothing matches).
///
/// Parents are looked at one by one; one whose content types are not allowed drops
/// out before narrowings are combined, so a category the profile does not serve
/// cannot widen the ones it does.
pub fn filter_for(ids: &[u32], allowed: &[ContentType]) -> Option<CategoryFilter> {
    let requested: Vec<&Category> = ids.iter().filter_map(|&id| by_id(id)).collect();
    let mut parents: Vec<u32> = requested.iter().map(|c| c.parent.unwrap_or(c.id)).collect();
    parents.sort_unstable();
    parents.dedup();
    if parents.is_empty() {
        return None;
    }
    let is_allowed = |t: &ContentType| allowed.is_empty() || allowed.contains(t);
    let mut content_types = BTreeSet::new();
    let mut narrowings = Vec::new();
    for parent_id in parents {
        let parent = by_id(parent_id).expect("parents are in the table");
        let (types, narrowing): (BTreeSet<ContentType>, Narrowing) =
            if requested.iter().any(|c| c.id == parent_id) {
                (
                    parent.content_types.iter().copied().collect(),
                    Narrowing::None,
                )
            } else {
                let subs: Vec<&Category> = requested
                    .iter()
                    .copied()
                    .filter(|c| c.parent == Some(parent_id))
                    .collect();
                (
                    subs.iter()
                        .flat_map(|c| c.content_types.iter().copied())
                        .collect(),
                    narrowing_of(&subs),
                )
            };
        let types: BTreeSet<ContentType> = types.into_iter().filter(is_allowed).collect();
        if types.is_empty() {
            continue;
        }
        content_types.extend(types);
        narrowings.push(narrowing);
    }
    let narrowing = match narrowings.split_first() {
        Some((first, rest)) if rest.iter().all(|n| n == first) => first.clone(),
        _ => Narrowing::None,
    };
    Some(CategoryFilter {
        content_types,
        narrowing,
    })
}

/// What requested subcategories of one parent narrow to.
fn narrowing_of(subs: &[&Category]) -> Narrowing {
    let resolutions: Option<BTreeSet<ResolutionClass>> = subs
        .iter()
        .map(|c| match c.subset {
            Subset::Resolution(class) => Some(class),
            _ => None,
        })
        .collect();
    if let Some(resolutions) = resolutions {
        return Narrowing::Resolutions(resolutions);
    }
    let subsets: Vec<Subset> = subs.iter().map(|c| c.subset).collect();
    match subsets.as_slice() {
        [Subset::BluRay] => Narrowing::BluRay,
        [Subset::Anime] => Narrowing::Anime,
        // Content-type subcategories (3030, 4050, 7020, 7030) say all there is with
        // their content types; 3D has no facet; mixes cannot be one facet filter.
        _ => Narrowing::None,
    }
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

impl Narrowing {
    /// The facet filter that says this, if any.
    pub fn facet_filter(&self) -> Option<FacetFilter> {
        let (facet, values) = match self {
            Narrowing::None => return None,
            Narrowing::Resolutions(classes) => (
                Facet::Resolution,
                classes.iter().flat_map(|&c| resolution_values(c)).collect(),
            ),
            Narrowing::BluRay => (Facet::Source, vec![VideoSource::BluRay.as_str().to_owned()]),
            Narrowing::Anime => (Facet::Tag, vec![ANIME_TAG.to_owned()]),
        };
        Some(FacetFilter {
            facet,
            values,
            logic: Logic::Or,
        })
    }
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
    }

    fn filter(ids: &[u32]) -> Option<(Vec<ContentType>, Narrowing)> {
        filter_within(ids, &[])
    }

    fn filter_within(
        ids: &[u32],
        allowed: &[ContentType],
    ) -> Option<(Vec<ContentType>, Narrowing)> {
        filter_for(ids, allowed).map(|f| (f.content_types.into_iter().collect(), f.narrowing))
    }

    fn resolutions(classes: &[ResolutionClass]) -> Narrowing {
        Narrowing::Resolutions(classes.iter().copied().collect())
    }

    #[test]
    fn every_category_maps_back_to_content_types() {
        let cases: [(u32, &[ContentType], Narrowing); 20] = [
            (2000, &[C::Movie], Narrowing::None),
            (2030, &[C::Movie], resolutions(&[Sd])),
            (2040, &[C::Movie], resolutions(&[Hd])),
            (2045, &[C::Movie], resolutions(&[Uhd])),
            (2050, &[C::Movie], Narrowing::BluRay),
            (2060, &[C::Movie], Narrowing::None),
            (3000, &[C::Music, C::Audiobook], Narrowing::None),
            (3030, &[C::Audiobook], Narrowing::None),
            (4000, &[C::Software, C::Game], Narrowing::None),
            (4050, &[C::Game], Narrowing::None),
            (5000, &[C::TvShow], Narrowing::None),
            (5030, &[C::TvShow], resolutions(&[Sd])),
            (5040, &[C::TvShow], resolutions(&[Hd])),
            (5045, &[C::TvShow], resolutions(&[Uhd])),
            (5070, &[C::TvShow], Narrowing::Anime),
            (6000, &[C::Xxx], Narrowing::None),
            (7000, &[C::Ebook, C::Comic], Narrowing::None),
            (7020, &[C::Ebook], Narrowing::None),
            (7030, &[C::Comic], Narrowing::None),
            (8000, &[C::Unknown], Narrowing::None),
        ];
        assert_eq!(cases.len(), CATEGORIES.len());
        for (id, types, narrowing) in cases {
            let mut want: Vec<ContentType> = types.to_vec();
            want.sort();
            assert_eq!(filter(&[id]), Some((want, narrowing)), "{id}");
        }
    }

    #[test]
    fn category_lists_combine() {
        // What Radarr sends by default: the parent and its subcategories is all movies.
        assert_eq!(
            filter(&[2000, 2010, 2030, 2040, 2045, 2050, 2060]),
            Some((vec![C::Movie], Narrowing::None))
        );
        assert_eq!(
            filter(&[2040, 2045]),
            Some((vec![C::Movie], resolutions(&[Hd, Uhd])))
        );
        // The same resolutions of two parents can still be one filter.
        assert_eq!(
            filter(&[2040, 5040]),
            Some((vec![C::Movie, C::TvShow], resolutions(&[Hd])))
        );
        // Mixes that one facet filter cannot say keep only the content types.
        assert_eq!(
            filter(&[2040, 2050]),
            Some((vec![C::Movie], Narrowing::None))
        );
        assert_eq!(
            filter(&[2040, 5045]),
            Some((vec![C::Movie, C::TvShow], Narrowing::None))
        );
        assert_eq!(
            filter(&[2040, 7000]),
            Some((vec![C::Movie, C::Ebook, C::Comic], Narrowing::None))
        );
        assert_eq!(
            filter(&[5070, 5040]),
            Some((vec![C::TvShow], Narrowing::None))
        );
        assert_eq!(
            filter(&[7020, 7030]),
            Some((vec![C::Ebook, C::Comic], Narrowing::None))
        );
        // Unknown ids are ignored; only unknown ids restrict nothing.
        assert_eq!(
            filter(&[1000, 2040, 100_001]),
            Some((vec![C::Movie], resolutions(&[Hd])))
        );
        assert_eq!(filter(&[1000, 100_001]), None);
        assert_eq!(filter(&[]), None);
    }

    #[test]
    fn categories_outside_a_profile_drop_out() {
        let movies = [C::Movie];
        // Books are not served: what is left is UHD movies, not every movie.
        assert_eq!(
            filter_within(&[2045, 7000], &movies),
            Some((vec![C::Movie], resolutions(&[Uhd])))
        );
        assert_eq!(
            filter_within(&[5000, 7020], &movies),
            Some((vec![], Narrowing::None))
        );
        assert_eq!(
            filter_within(&[4000], &[C::Game]),
            Some((vec![C::Game], Narrowing::None))
        );
        assert_eq!(filter_within(&[1000], &movies), None);
    }

    #[test]
    fn narrowings_become_facet_filters() {
        assert_eq!(Narrowing::None.facet_filter(), None);
        let f = resolutions(&[Sd]).facet_filter().unwrap();
        assert_eq!(f.facet, Facet::Resolution);
        assert_eq!(f.values, ["V360p", "V480p", "V540p", "V576p"]);
        let f = Narrowing::BluRay.facet_filter().unwrap();
        assert_eq!(
            (f.facet, f.values),
            (Facet::Source, vec!["BluRay".to_owned()])
        );
        let f = Narrowing::Anime.facet_filter().unwrap();
        assert_eq!((f.facet, f.values), (Facet::Tag, vec!["anime".to_owned()]));
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
