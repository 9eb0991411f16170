//! `cat` both ways: what a request asks for and what items are listed under.
//!
//! Besides examples on the common fixture, a catalogue with a torrent in every
//! category checks the two mappings against each other: for every category and many
//! mixes of them, a search returns exactly the torrents whose items list one of the
//! requested ids.

use std::collections::{BTreeMap, BTreeSet};

use lodestone_api::torznab::{TorznabConfig, TorznabProfile};
use lodestone_proto::ContentType;
use lodestone_store::Store;
use lodestone_store::torrents::TorrentHints;
use sqlx::PgPool;
use time::macros::datetime;

use crate::support::{
    FILLERS, Feed, Fixture, NAMED, Node, RADARR_CATS, SONARR_CATS, hash, node, start, t,
};

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn categories_filter_results(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let fillers: Vec<u32> = (0..FILLERS as u32).map(|i| 100 + i).collect();
    let with_fillers = |named: &[u32]| [named, &fillers].concat();
    let cases: Vec<(&str, Vec<u32>)> = vec![
        (
            "2000",
            with_fillers(&[t::MATRIX, t::RESURRECTIONS, t::AVATAR]),
        ),
        ("2030", vec![t::AVATAR]),
        ("2040", with_fillers(&[t::MATRIX])),
        ("2045", vec![t::RESURRECTIONS]),
        ("2040,2045", with_fillers(&[t::MATRIX, t::RESURRECTIONS])),
        ("2050", vec![t::MATRIX]),
        ("3000", vec![t::AUDIOBOOK]),
        ("3030", vec![t::AUDIOBOOK]),
        ("4000", vec![t::GAME]),
        ("4050", vec![t::GAME]),
        (
            "5000",
            vec![
                t::BB_EPISODE,
                t::BB_SEASON,
                t::DAILY,
                t::FRIEREN,
                t::OFFICE,
                t::SHIELD,
            ],
        ),
        ("5030", vec![]),
        (
            "5040",
            vec![t::BB_EPISODE, t::BB_SEASON, t::DAILY, t::FRIEREN],
        ),
        ("5045", vec![]),
        ("5070", vec![t::FRIEREN]),
        ("6000", vec![]),
        ("7000", vec![t::EBOOK]),
        ("7020", vec![t::EBOOK]),
        ("7030", vec![]),
        ("8000", vec![t::UNKNOWN]),
        ("2060", vec![t::AVATAR]),
        // Mixes are exactly what they name: UHD movies and e-books, not every movie.
        ("2045,7020", vec![t::RESURRECTIONS, t::EBOOK]),
        ("2040,2050", with_fillers(&[t::MATRIX])),
        ("2060,5070", vec![t::AVATAR, t::FRIEREN]),
        (
            "2030,5040",
            vec![t::AVATAR, t::BB_EPISODE, t::BB_SEASON, t::DAILY, t::FRIEREN],
        ),
        // Unknown categories are ignored.
        ("2045,1000,100001", vec![t::RESURRECTIONS]),
    ];
    for (cat, want) in cases {
        let feed = node.feed(&format!("/torznab/api?t=search&cat={cat}")).await;
        assert!(
            feed.only(&want),
            "cat={cat}: {:?}",
            feed.items.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
        assert_eq!(feed.total, want.len() as u64, "cat={cat}");
        // Every item is listed under a requested category.
        let requested: Vec<&str> = cat.split(',').collect();
        for item in &feed.items {
            assert!(
                item.attr_all("category")
                    .iter()
                    .any(|c| requested.contains(c)),
                "cat={cat}: {item:?}"
            );
        }
    }
    // Only unknown categories restrict nothing; without `cat` a function searches its own.
    assert_eq!(
        node.feed("/torznab/api?t=search&cat=1000").await.total,
        (NAMED + FILLERS) as u64
    );
    assert!(node.feed("/torznab/api?t=music").await.only(&[]));
    assert!(
        node.feed("/torznab/api?t=book")
            .await
            .only(&[t::AUDIOBOOK, t::EBOOK])
    );
    assert!(
        node.feed("/torznab/api?t=tvsearch&cat=2045")
            .await
            .only(&[t::RESURRECTIONS])
    );
    node.stop().await;
    Ok(())
}

/// A catalogue torrent: what its hints say and the categories its item must list.
struct Entry {
    name: &'static str,
    content_type: Option<ContentType>,
    resolution: Option<&'static str>,
    source: Option<&'static str>,
    video_3d: Option<&'static str>,
    anime: bool,
    categories: &'static [&'static str],
}

fn entry(
    name: &'static str,
    content_type: ContentType,
    categories: &'static [&'static str],
) -> Entry {
    Entry {
        name,
        content_type: Some(content_type),
        resolution: None,
        source: None,
        video_3d: None,
        anime: false,
        categories,
    }
}

/// At least one torrent in every category, with traits that must not count where they
/// do not apply (3D TV, an anime-tagged album) and values the index does not know.
fn catalogue() -> Vec<Entry> {
    use ContentType::*;
    vec![
        entry("Plain.Movie", Movie, &["2000"]),
        Entry {
            resolution: Some("480p"),
            ..entry("SD.Movie", Movie, &["2000", "2030"])
        },
        Entry {
            resolution: Some("V1080p"),
            source: Some("WEBDL"),
            ..entry("HD.Movie", Movie, &["2000", "2040"])
        },
        Entry {
            resolution: Some("V2160p"),
            ..entry("UHD.Movie", Movie, &["2000", "2045"])
        },
        Entry {
            source: Some("BluRay"),
            ..entry("BluRay.Movie", Movie, &["2000", "2050"])
        },
        Entry {
            video_3d: Some("3D"),
            ..entry("3D.Movie", Movie, &["2000", "2060"])
        },
        Entry {
            resolution: Some("V1080p"),
            source: Some("bluray"),
            video_3d: Some("V3DSBS"),
            ..entry(
                "HD.BluRay.3D.Movie",
                Movie,
                &["2000", "2040", "2050", "2060"],
            )
        },
        Entry {
            resolution: Some("V4320p"),
            video_3d: Some("V3DOU"),
            ..entry("UHD.3D.Movie", Movie, &["2000", "2045", "2060"])
        },
        Entry {
            resolution: Some("weird"),
            video_3d: Some("2D"),
            ..entry("Oddly.Labelled.Movie", Movie, &["2000"])
        },
        entry("Plain.Show", TvShow, &["5000"]),
        Entry {
            resolution: Some("V576p"),
            ..entry("SD.Show", TvShow, &["5000", "5030"])
        },
        Entry {
            resolution: Some("720p"),
            ..entry("HD.Show", TvShow, &["5000", "5040"])
        },
        Entry {
            resolution: Some("V2160p"),
            ..entry("UHD.Show", TvShow, &["5000", "5045"])
        },
        Entry {
            anime: true,
            ..entry("Anime.Show", TvShow, &["5000", "5070"])
        },
        Entry {
            resolution: Some("V1080p"),
            anime: true,
            ..entry("HD.Anime.Show", TvShow, &["5000", "5040", "5070"])
        },
        Entry {
            source: Some("BluRay"),
            video_3d: Some("V3D"),
            ..entry("BluRay.3D.Show", TvShow, &["5000"])
        },
        entry("Album", Music, &["3000"]),
        Entry {
            resolution: Some("V1080p"),
            source: Some("BluRay"),
            video_3d: Some("V3D"),
            anime: true,
            ..entry("Concert.Album", Music, &["3000"])
        },
        entry("Audiobook", Audiobook, &["3000", "3030"]),
        entry("Software", Software, &["4000"]),
        entry("Game", Game, &["4000", "4050"]),
        Entry {
            resolution: Some("V1080p"),
            ..entry("Adult", Xxx, &["6000"])
        },
        entry("Ebook", Ebook, &["7000", "7020"]),
        entry("Comic", Comic, &["7000", "7030"]),
        entry("Unknown", Unknown, &["8000"]),
        Entry {
            content_type: None,
            ..entry("Never.Classified", Unknown, &["8000"])
        },
    ]
}

/// A node serving [`catalogue`].
async fn catalogue_node(pool: PgPool, config: TorznabConfig) -> anyhow::Result<Node> {
    let store = Store::from_pool(pool);
    let mut torrents = Vec::new();
    let mut anime = Vec::new();
    for (n, e) in (1..).zip(catalogue()) {
        let published = datetime!(2024-01-01 00:00 UTC) + time::Duration::hours(i64::from(n));
        let mut f = Fixture::new(n, e.name, published, ContentType::Unknown);
        f.hints = TorrentHints {
            content_type: e.content_type,
            video_resolution: e.resolution.map(Into::into),
            video_source: e.source.map(Into::into),
            video_3d: e.video_3d.map(Into::into),
            ..TorrentHints::default()
        };
        torrents.push(f.torrent());
        if e.anime {
            anime.push(hash(n));
        }
    }
    store.torrents().write_batch(&torrents).await?;
    store.tags().put(&anime, &["anime".to_owned()]).await?;
    start(store, config).await
}

/// Titles of the items of `feed`.
fn titles(feed: &Feed) -> BTreeSet<String> {
    feed.items.iter().map(|i| i.title.clone()).collect()
}

/// Titles of the items of `everything` listed under one of the ids of `cat`.
fn listed_under(everything: &Feed, cat: &str) -> BTreeSet<String> {
    let requested: Vec<&str> = cat.split(',').collect();
    everything
        .items
        .iter()
        .filter(|i| i.attr_all("category").iter().any(|c| requested.contains(c)))
        .map(|i| i.title.clone())
        .collect()
}

/// The category ids a profile's caps list, subcategories included.
async fn caps_ids(node: &Node, api: &str) -> anyhow::Result<Vec<String>> {
    let caps = node.get(&format!("{api}?t=caps")).await;
    let doc = roxmltree::Document::parse(&caps.body)?;
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("category") || n.has_tag_name("subcat"))
        .filter_map(|n| n.attribute("id"))
        .map(str::to_owned)
        .collect())
}

/// Every id alone, every pair of ids, and mixes the *arr apps and people send.
fn category_lists(ids: &[String]) -> Vec<String> {
    let mut lists: Vec<String> = ids.to_vec();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            lists.push(format!("{a},{b}"));
        }
    }
    lists.extend(
        [
            RADARR_CATS,
            SONARR_CATS,
            "2045,7020",
            "2040,2050,5070",
            "2030,2060,5030,5045",
            "2040,2045,5040,5045",
            "2000,2060,5000,5070",
            "3030,4050,7030,8000",
            "3000,3030,4000,4050,6000",
            "2050,2060,7020,100001",
        ]
        .map(str::to_owned),
    );
    lists.push(ids.join(","));
    lists
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn every_category_returns_exactly_what_is_listed_under_it(
    pool: PgPool,
) -> anyhow::Result<()> {
    let node = catalogue_node(pool, TorznabConfig::default()).await?;
    let everything = node.feed("/torznab/api?t=search&limit=100").await;
    let catalogue = catalogue();
    assert_eq!(everything.items.len(), catalogue.len());
    // The catalogue is listed as meant, so every category has something in it.
    for e in &catalogue {
        let item = everything
            .items
            .iter()
            .find(|i| i.title == e.name)
            .unwrap_or_else(|| panic!("{} missing", e.name));
        assert_eq!(item.attr_all("category"), e.categories, "{}", e.name);
    }
    let ids = caps_ids(&node, "/torznab/api").await?;
    assert_eq!(ids.len(), 20);
    for id in &ids {
        assert!(!listed_under(&everything, id).is_empty(), "nothing in {id}");
    }

    for cat in category_lists(&ids) {
        let feed = node
            .feed(&format!("/torznab/api?t=search&cat={cat}&limit=100"))
            .await;
        let want = listed_under(&everything, &cat);
        assert_eq!(titles(&feed), want, "cat={cat}");
        assert_eq!(feed.total, want.len() as u64, "cat={cat}");
    }
    // `cat` decides over the function's own content types.
    for (function, cat) in [
        ("tvsearch", "2045,7020"),
        ("movie", "5070,2060"),
        ("music", "3030,4050"),
        ("book", "2050,8000"),
    ] {
        let feed = node
            .feed(&format!("/torznab/api?t={function}&cat={cat}&limit=100"))
            .await;
        assert_eq!(
            titles(&feed),
            listed_under(&everything, cat),
            "t={function}&cat={cat}"
        );
    }
    // Only unknown ids restrict nothing.
    let unknown = node
        .feed("/torznab/api?t=search&cat=1000,100001&limit=100")
        .await;
    assert_eq!(titles(&unknown), titles(&everything));
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn profiles_keep_categories_exact(pool: PgPool) -> anyhow::Result<()> {
    let profile = |types: &[&str]| TorznabProfile {
        content_types: types.iter().map(|t| t.to_string()).collect(),
        ..TorznabProfile::default()
    };
    // Profiles that serve whole parent categories, so that an item is in the profile
    // exactly when it is listed under a category the caps show.
    let config = TorznabConfig {
        api_key: None,
        profiles: BTreeMap::from([
            ("movies".to_owned(), profile(&["movie"])),
            (
                "shows-and-books".to_owned(),
                profile(&["tv_show", "ebook", "comic"]),
            ),
        ]),
    };
    config.validate().map_err(anyhow::Error::msg)?;
    let node = catalogue_node(pool, config).await?;
    let everything = node.feed("/torznab/api?t=search&limit=100").await;
    let all_ids = caps_ids(&node, "/torznab/api").await?;
    for name in ["movies", "shows-and-books"] {
        let api = format!("/torznab/{name}/api");
        let served = caps_ids(&node, &api).await?;
        let in_profile = listed_under(&everything, &served.join(","));
        for cat in category_lists(&all_ids) {
            let feed = node
                .feed(&format!("{api}?t=search&cat={cat}&limit=100"))
                .await;
            let want: BTreeSet<String> = listed_under(&everything, &cat)
                .intersection(&in_profile)
                .cloned()
                .collect();
            assert_eq!(titles(&feed), want, "{name}: cat={cat}");
        }
    }
    node.stop().await;
    Ok(())
}
