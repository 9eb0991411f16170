//! A `cat` list as search alternatives: one per category asked for, merged where
//! fewer say the same ([`filter_for`]).

use std::collections::BTreeSet;

use lodestone_proto::{ContentType, Video3d, VideoSource};
use lodestone_search::{Facet, FacetFilter, Logic};

use super::{ANIME_TAG, CATEGORIES, ResolutionClass, Subset, by_id, resolution_values};

/// What a category narrows its content types down to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Narrowing {
    /// Every torrent of the content types.
    None,
    /// Those at a resolution of one of these classes.
    Resolutions(BTreeSet<ResolutionClass>),
    /// Those with source `BluRay`.
    BluRay,
    /// Those with any 3D layout.
    ThreeD,
    /// Those tagged [`ANIME_TAG`].
    Anime,
}

impl Narrowing {
    fn of(subset: Subset) -> Self {
        match subset {
            Subset::All => Narrowing::None,
            Subset::Resolution(class) => Narrowing::Resolutions(BTreeSet::from([class])),
            Subset::BluRay => Narrowing::BluRay,
            Subset::ThreeD => Narrowing::ThreeD,
            Subset::Anime => Narrowing::Anime,
        }
    }

    /// The facet filter that says this, if anything needs saying.
    pub fn facet_filter(&self) -> Option<FacetFilter> {
        let (facet, values) = match self {
            Narrowing::None => return None,
            Narrowing::Resolutions(classes) => (
                Facet::Resolution,
                classes.iter().flat_map(|&c| resolution_values(c)).collect(),
            ),
            Narrowing::BluRay => (Facet::Source, vec![VideoSource::BluRay.as_str().to_owned()]),
            Narrowing::ThreeD => (
                Facet::Video3d,
                Video3d::ALL.iter().map(|v| v.as_str().to_owned()).collect(),
            ),
            Narrowing::Anime => (Facet::Tag, vec![ANIME_TAG.to_owned()]),
        };
        Some(FacetFilter {
            facet,
            values,
            logic: Logic::Or,
        })
    }
}

/// One alternative of a `cat` list: torrents of one of `content_types` that meet
/// `narrowing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    pub content_types: BTreeSet<ContentType>,
    pub narrowing: Narrowing,
}

impl Alternative {
    /// The filters a torrent must all pass to be in this alternative.
    pub fn facet_filters(&self) -> Vec<FacetFilter> {
        let content_type = FacetFilter {
            facet: Facet::ContentType,
            values: self
                .content_types
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            logic: Logic::Or,
        };
        std::iter::once(content_type)
            .chain(self.narrowing.facet_filter())
            .collect()
    }
}

/// The requested category ids as alternatives, within the content types `allowed` (a
/// profile's; empty: all): a torrent is asked for when it is in any of them, which is
/// when [`of_torrent`](super::of_torrent) lists one of the requested ids. `None` when no id is known (no
/// restriction); empty when no requested category is allowed (nothing matches).
///
/// Each requested category is one alternative, cut to the allowed content types
/// first, so a category the profile does not serve cannot widen the ones it does; then
/// [`merge`] joins alternatives that say the same thing in fewer words.
pub fn filter_for(ids: &[u32], allowed: &[ContentType]) -> Option<Vec<Alternative>> {
    let requested: BTreeSet<u32> = ids
        .iter()
        .copied()
        .filter(|&id| by_id(id).is_some())
        .collect();
    if requested.is_empty() {
        return None;
    }
    let is_allowed = |t: &ContentType| allowed.is_empty() || allowed.contains(t);
    let alternatives = CATEGORIES
        .iter()
        .filter(|c| requested.contains(&c.id))
        .filter_map(|c| {
            let content_types: BTreeSet<ContentType> =
                c.content_types.iter().copied().filter(is_allowed).collect();
            (!content_types.is_empty()).then(|| Alternative {
                content_types,
                narrowing: Narrowing::of(c.subset),
            })
        })
        .collect();
    Some(merge(alternatives))
}

/// Fewer alternatives admitting exactly the same torrents:
/// - resolutions of the same content types become one alternative with every class
///   (`2040,2045`: HD or UHD movies);
/// - alternatives narrowed the same way become one with every content type
///   (`2040,5040`: HD movies or TV; `7020,7030`: e-books or comics);
/// - content types asked for whole leave the narrowed alternatives (`2000,2040`: every
///   movie), which drop out once nothing is left of them.
fn merge(alternatives: Vec<Alternative>) -> Vec<Alternative> {
    let mut by_types: Vec<Alternative> = Vec::new();
    for alternative in alternatives {
        if let Narrowing::Resolutions(classes) = &alternative.narrowing
            && let Some(Narrowing::Resolutions(into)) = by_types
                .iter_mut()
                .find(|m| {
                    m.content_types == alternative.content_types
                        && matches!(m.narrowing, Narrowing::Resolutions(_))
                })
                .map(|m| &mut m.narrowing)
        {
            into.extend(classes);
            continue;
        }
        by_types.push(alternative);
    }
    let mut by_narrowing: Vec<Alternative> = Vec::new();
    for alternative in by_types {
        match by_narrowing
            .iter_mut()
            .find(|m| m.narrowing == alternative.narrowing)
        {
            Some(into) => into.content_types.extend(alternative.content_types),
            None => by_narrowing.push(alternative),
        }
    }
    let whole: BTreeSet<ContentType> = by_narrowing
        .iter()
        .filter(|a| a.narrowing == Narrowing::None)
        .flat_map(|a| a.content_types.iter().copied())
        .collect();
    for alternative in &mut by_narrowing {
        if alternative.narrowing != Narrowing::None {
            alternative.content_types.retain(|t| !whole.contains(t));
        }
    }
    by_narrowing.retain(|a| !a.content_types.is_empty());
    by_narrowing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::torznab::categories::{Traits, of_torrent};

    use ContentType as C;
    use ResolutionClass::{Hd, Sd, Uhd};

    type Described = Vec<(Vec<ContentType>, Narrowing)>;

    fn filter(ids: &[u32]) -> Option<Described> {
        filter_within(ids, &[])
    }

    fn filter_within(ids: &[u32], allowed: &[ContentType]) -> Option<Described> {
        filter_for(ids, allowed).map(|alternatives| {
            alternatives
                .into_iter()
                .map(|a| (a.content_types.into_iter().collect(), a.narrowing))
                .collect()
        })
    }

    fn resolutions(classes: &[ResolutionClass]) -> Narrowing {
        Narrowing::Resolutions(classes.iter().copied().collect())
    }

    #[test]
    fn every_category_is_one_alternative() {
        let cases: [(u32, &[ContentType], Narrowing); 20] = [
            (2000, &[C::Movie], Narrowing::None),
            (2030, &[C::Movie], resolutions(&[Sd])),
            (2040, &[C::Movie], resolutions(&[Hd])),
            (2045, &[C::Movie], resolutions(&[Uhd])),
            (2050, &[C::Movie], Narrowing::BluRay),
            (2060, &[C::Movie], Narrowing::ThreeD),
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
            assert_eq!(filter(&[id]), Some(vec![(want, narrowing)]), "{id}");
        }
    }

    #[test]
    fn category_lists_combine() {
        // What Radarr sends by default: the parent and its subcategories is all movies.
        assert_eq!(
            filter(&[2000, 2010, 2030, 2040, 2045, 2050, 2060]),
            Some(vec![(vec![C::Movie], Narrowing::None)])
        );
        assert_eq!(
            filter(&[2040, 2045, 2045]),
            Some(vec![(vec![C::Movie], resolutions(&[Hd, Uhd]))])
        );
        // The same narrowing of two parents is one alternative.
        assert_eq!(
            filter(&[2040, 5040]),
            Some(vec![(vec![C::Movie, C::TvShow], resolutions(&[Hd]))])
        );
        assert_eq!(
            filter(&[5045, 2040, 2045, 5040]),
            Some(vec![(vec![C::Movie, C::TvShow], resolutions(&[Hd, Uhd]))])
        );
        // Different narrowings stay apart.
        assert_eq!(
            filter(&[2040, 2050]),
            Some(vec![
                (vec![C::Movie], resolutions(&[Hd])),
                (vec![C::Movie], Narrowing::BluRay),
            ])
        );
        assert_eq!(
            filter(&[2040, 5045]),
            Some(vec![
                (vec![C::Movie], resolutions(&[Hd])),
                (vec![C::TvShow], resolutions(&[Uhd])),
            ])
        );
        assert_eq!(
            filter(&[7020, 2045]),
            Some(vec![
                (vec![C::Movie], resolutions(&[Uhd])),
                (vec![C::Ebook], Narrowing::None),
            ])
        );
        assert_eq!(
            filter(&[5070, 5040]),
            Some(vec![
                (vec![C::TvShow], resolutions(&[Hd])),
                (vec![C::TvShow], Narrowing::Anime),
            ])
        );
        assert_eq!(
            filter(&[5000, 5070, 2060]),
            Some(vec![
                (vec![C::Movie], Narrowing::ThreeD),
                (vec![C::TvShow], Narrowing::None),
            ])
        );
        // Whole content types cover their narrowed parts.
        assert_eq!(
            filter(&[7020, 7030]),
            Some(vec![(vec![C::Ebook, C::Comic], Narrowing::None)])
        );
        assert_eq!(
            filter(&[3030, 3000]),
            Some(vec![(vec![C::Music, C::Audiobook], Narrowing::None)])
        );
        assert_eq!(
            filter(&[2000, 2040, 5040]),
            Some(vec![
                (vec![C::Movie], Narrowing::None),
                (vec![C::TvShow], resolutions(&[Hd])),
            ])
        );
        // Unknown ids are ignored; only unknown ids restrict nothing.
        assert_eq!(
            filter(&[1000, 2040, 100_001]),
            Some(vec![(vec![C::Movie], resolutions(&[Hd]))])
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
            Some(vec![(vec![C::Movie], resolutions(&[Uhd]))])
        );
        assert_eq!(filter_within(&[5000, 7020], &movies), Some(vec![]));
        assert_eq!(
            filter_within(&[4000], &[C::Game]),
            Some(vec![(vec![C::Game], Narrowing::None)])
        );
        assert_eq!(
            filter_within(&[4000, 4050], &[C::Software]),
            Some(vec![(vec![C::Software], Narrowing::None)])
        );
        assert_eq!(filter_within(&[1000], &movies), None);
    }

    /// Whether `traits` pass one of the alternatives, read straight off them (not
    /// through [`Subset`]).
    fn admits(alternatives: &[Alternative], traits: &Traits) -> bool {
        alternatives.iter().any(|a| {
            a.content_types.contains(&traits.content_type)
                && match &a.narrowing {
                    Narrowing::None => true,
                    Narrowing::Resolutions(classes) => {
                        traits.resolution.is_some_and(|r| classes.contains(&r))
                    }
                    Narrowing::BluRay => traits.bluray,
                    Narrowing::ThreeD => traits.three_d,
                    Narrowing::Anime => traits.anime,
                }
        })
    }

    #[test]
    fn alternatives_admit_exactly_the_requested_categories() {
        let mut every_traits = Vec::new();
        for &content_type in ContentType::ALL {
            for resolution in [None, Some(Sd), Some(Hd), Some(Uhd)] {
                for bits in 0..8u8 {
                    every_traits.push(Traits {
                        content_type,
                        resolution,
                        bluray: bits & 1 != 0,
                        three_d: bits & 2 != 0,
                        anime: bits & 4 != 0,
                    });
                }
            }
        }
        let ids: Vec<u32> = CATEGORIES.iter().map(|c| c.id).collect();
        let mut lists: Vec<Vec<u32>> = Vec::new();
        for (i, &a) in ids.iter().enumerate() {
            lists.push(vec![a]);
            for (j, &b) in ids.iter().enumerate().skip(i + 1) {
                lists.push(vec![a, b]);
                for &c in &ids[j + 1..] {
                    lists.push(vec![a, b, c]);
                }
            }
        }
        lists.push(ids.clone());
        lists.push(vec![5000, 5030, 5040, 5045, 5070]);
        lists.push(vec![2030, 2040, 2045, 5030, 5040, 5045, 3030, 7020]);
        let profiles: [&[ContentType]; 4] = [
            &[],
            &[C::Movie],
            &[C::Game, C::Ebook],
            &[C::Audiobook, C::TvShow],
        ];
        for allowed in profiles {
            for list in &lists {
                let alternatives = filter_for(list, allowed).expect("known ids");
                for traits in &every_traits {
                    let want = (allowed.is_empty() || allowed.contains(&traits.content_type))
                        && of_torrent(traits).iter().any(|id| list.contains(id));
                    assert_eq!(
                        admits(&alternatives, traits),
                        want,
                        "cat={list:?} allowed={allowed:?} {traits:?}: {alternatives:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn alternatives_become_facet_filters() {
        assert_eq!(Narrowing::None.facet_filter(), None);
        let f = resolutions(&[Sd]).facet_filter().unwrap();
        assert_eq!(f.facet, Facet::Resolution);
        assert_eq!(f.values, ["V360p", "V480p", "V540p", "V576p"]);
        let f = Narrowing::BluRay.facet_filter().unwrap();
        assert_eq!(
            (f.facet, f.values),
            (Facet::Source, vec!["BluRay".to_owned()])
        );
        let f = Narrowing::ThreeD.facet_filter().unwrap();
        assert_eq!(f.facet, Facet::Video3d);
        assert_eq!(f.values, ["V3D", "V3DSBS", "V3DOU"]);
        let f = Narrowing::Anime.facet_filter().unwrap();
        assert_eq!((f.facet, f.values), (Facet::Tag, vec!["anime".to_owned()]));

        let summary = |a: Alternative| -> Vec<(Facet, Vec<String>)> {
            a.facet_filters()
                .into_iter()
                .map(|f| {
                    assert_eq!(f.logic, Logic::Or);
                    (f.facet, f.values)
                })
                .collect()
        };
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            summary(Alternative {
                content_types: BTreeSet::from([C::Movie]),
                narrowing: Narrowing::ThreeD,
            }),
            [
                (Facet::ContentType, strings(&["movie"])),
                (Facet::Video3d, strings(&["V3D", "V3DSBS", "V3DOU"])),
            ]
        );
        assert_eq!(
            summary(Alternative {
                content_types: BTreeSet::from([C::Comic, C::Ebook]),
                narrowing: Narrowing::None,
            }),
            [(Facet::ContentType, strings(&["ebook", "comic"]))]
        );
    }
}
