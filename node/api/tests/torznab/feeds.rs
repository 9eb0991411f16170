//! Feeds as the *arr apps read them: their test requests, every item attribute, paging.

use std::collections::HashSet;

use lodestone_api::torznab::TorznabConfig;
use sqlx::PgPool;
use time::macros::datetime;

use crate::support::{FILLERS, NAMED, RADARR_CATS, SONARR_CATS, UNKNOWN_NAME, hash, node, t};

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn arr_test_requests_get_the_newest_items(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;

    // Sonarr's test and RSS sync: its TV categories, no words.
    let sonarr = node
        .feed(&format!(
            "/torznab/api?t=tvsearch&cat={SONARR_CATS}&extended=1&apikey=&offset=0&limit=100"
        ))
        .await;
    assert!(sonarr.only(&[
        t::BB_EPISODE,
        t::BB_SEASON,
        t::DAILY,
        t::FRIEREN,
        t::OFFICE,
        t::SHIELD
    ]));
    assert_eq!(sonarr.total, 6);
    assert_eq!(sonarr.offset, 0);
    sonarr.assert_newest_first();
    assert_eq!(sonarr.items[0].guid, hash(t::BB_EPISODE).to_hex());
    for item in &sonarr.items {
        assert!(item.attr_all("category").contains(&"5000"), "{item:?}");
    }

    // Radarr's: its movie categories.
    let radarr = node
        .feed(&format!(
            "/torznab/api?t=movie&cat={RADARR_CATS}&extended=1&offset=0&limit=100"
        ))
        .await;
    assert_eq!(radarr.total, 3 + FILLERS as u64);
    assert_eq!(radarr.items.len(), 3 + FILLERS);
    radarr.assert_newest_first();
    assert_eq!(radarr.items[0].guid, hash(t::MATRIX).to_hex());
    assert!(
        radarr
            .items
            .iter()
            .all(|i| i.attr_all("category").contains(&"2000"))
    );

    // Prowlarr's: t=search, no categories, everything.
    let prowlarr = node.feed("/torznab/api?t=search&extended=1").await;
    assert_eq!(prowlarr.total, (NAMED + FILLERS) as u64);
    assert_eq!(prowlarr.items.len(), NAMED + FILLERS);
    prowlarr.assert_newest_first();
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn items_carry_every_attribute(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let feed = node
        .feed("/torznab/api?t=search&q=matrix&apikey=ignored")
        .await;
    assert!(
        feed.only(&[t::MATRIX, t::RESURRECTIONS]),
        "{:?}",
        feed.hashes()
    );
    assert_eq!(
        feed.self_link,
        "http://node.test:3000/torznab/api?t=search&q=matrix"
    );

    let matrix = feed.item(t::MATRIX);
    let hex = hash(t::MATRIX).to_hex();
    let magnet = format!("magnet:?xt=urn:btih:{hex}&dn=The.Matrix.1999.1080p.BluRay.x264-GROUP");
    assert_eq!(matrix.title, "The.Matrix.1999.1080p.BluRay.x264-GROUP");
    assert_eq!(matrix.guid, hex);
    assert_eq!(matrix.link, magnet);
    assert_eq!(
        matrix.comments,
        format!("http://node.test:3000/torrents/{hex}")
    );
    assert_eq!(matrix.pub_date, datetime!(2024-01-20 10:00 UTC));
    assert_eq!(matrix.size, "1000000");
    assert_eq!(
        matrix.enclosure,
        (
            magnet.clone(),
            "1000000".to_owned(),
            "application/x-bittorrent".to_owned()
        )
    );
    assert_eq!(matrix.categories, ["2000", "2040", "2050"]);
    let attrs: Vec<(&str, &str)> = matrix
        .attrs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        attrs,
        [
            ("category", "2000"),
            ("category", "2040"),
            ("category", "2050"),
            ("size", "1000000"),
            ("files", "2"),
            ("seeders", "50"),
            ("leechers", "5"),
            ("peers", "55"),
            ("infohash", hex.as_str()),
            ("magneturl", magnet.as_str()),
            ("year", "1999"),
            ("imdb", "0133093"),
            ("imdbid", "tt0133093"),
            ("tmdbid", "603"),
            ("tmdb", "603"),
            ("resolution", "1080p"),
            ("video", "x264"),
            ("team", "GROUP"),
            ("downloadvolumefactor", "0"),
            ("uploadvolumefactor", "1"),
        ]
    );

    let resurrections = feed.item(t::RESURRECTIONS);
    assert_eq!(resurrections.attr_all("category"), ["2000", "2045"]);
    assert_eq!(resurrections.attr("imdb"), Some("10838180"));
    assert_eq!(resurrections.attr("imdbid"), Some("tt10838180"));
    assert_eq!(resurrections.attr("resolution"), Some("2160p"));
    assert_eq!(resurrections.attr("tmdbid"), None);

    // TV: season and episode when the torrent holds exactly one; tvdb id.
    let tv = node
        .feed(&format!("/torznab/api?t=tvsearch&cat={SONARR_CATS}"))
        .await;
    let episode = tv.item(t::BB_EPISODE);
    assert_eq!(episode.attr_all("category"), ["5000", "5040"]);
    assert_eq!(episode.attr("season"), Some("1"));
    assert_eq!(episode.attr("episode"), Some("2"));
    assert_eq!(episode.attr("tvdbid"), Some("81189"));
    let season = tv.item(t::BB_SEASON);
    assert_eq!(season.attr("season"), Some("2"));
    assert_eq!(season.attr("episode"), None);
    assert_eq!(
        tv.item(t::FRIEREN).attr_all("category"),
        ["5000", "5040", "5070"]
    );

    // What is unknown is left out; names are escaped and cleaned for XML.
    let all = node.feed("/torznab/api?t=search&cat=8000").await;
    assert!(all.only(&[t::UNKNOWN]));
    let unknown = all.item(t::UNKNOWN);
    assert_eq!(unknown.title, UNKNOWN_NAME.replace('\u{1}', ""));
    let names: Vec<&str> = unknown.attrs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "category",
            "size",
            "files",
            "infohash",
            "magneturl",
            "downloadvolumefactor",
            "uploadvolumefactor"
        ]
    );
    assert_eq!(unknown.attr("category"), Some("8000"));
    assert!(unknown.enclosure.0.starts_with("magnet:?xt=urn:btih:"));
    assert!(
        unknown
            .enclosure
            .0
            .contains("&dn=random%20%3Cfiles%3E%20%26%20%22stuff%22")
    );

    // Links follow a reverse proxy.
    let proxied = node
        .get_with(
            "/torznab/api?t=search&q=matrix",
            &[
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "idx.example.org"),
            ],
        )
        .await;
    assert!(proxied.body.contains(&format!(
        "<comments>https://idx.example.org/torrents/{hex}</comments>"
    )));
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn offset_pages_have_no_gaps_or_duplicates(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let everything = node.feed("/torznab/api?t=search&limit=100").await;
    assert_eq!(everything.items.len(), NAMED + FILLERS);
    let mut paged = Vec::new();
    let mut seen = HashSet::new();
    for offset in (0..NAMED + FILLERS + 10).step_by(7) {
        let page = node
            .feed(&format!("/torznab/api?t=search&limit=7&offset={offset}"))
            .await;
        assert_eq!(page.offset, offset as u64);
        assert_eq!(page.total, (NAMED + FILLERS) as u64);
        assert!(page.items.len() <= 7);
        for item in page.items {
            assert!(seen.insert(item.guid.clone()), "{} twice", item.title);
            paged.push(item.guid);
        }
    }
    assert_eq!(paged, everything.hashes());
    // With words too (relevance order is total as well).
    let words = node.feed("/torznab/api?t=search&q=film&limit=100").await;
    assert_eq!(words.items.len(), FILLERS);
    let mut paged = Vec::new();
    for offset in (0..FILLERS).step_by(4) {
        let page = node
            .feed(&format!(
                "/torznab/api?t=search&q=film&limit=4&offset={offset}"
            ))
            .await;
        paged.extend(page.hashes());
    }
    assert_eq!(paged, words.hashes());
    // Limits are capped by the profile (default: 100), never refused.
    let capped = node.feed("/torznab/api?t=search&limit=5000").await;
    assert_eq!(capped.items.len(), NAMED + FILLERS);
    node.stop().await;
    Ok(())
}
