//! Ids, seasons, episodes and free text.

use lodestone_api::torznab::TorznabConfig;
use sqlx::PgPool;

use crate::support::{FILLERS, RADARR_CATS, SONARR_CATS, node, t};

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn ids_seasons_and_episodes(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    // Radarr sends the IMDb digits without `tt`; others send them with it.
    for imdb in ["tt0133093", "0133093", "133093", "TT0133093"] {
        let feed = node
            .feed(&format!(
                "/torznab/api?t=movie&cat={RADARR_CATS}&imdbid={imdb}"
            ))
            .await;
        assert!(
            feed.only(&[t::MATRIX]),
            "imdbid={imdb}: {:?}",
            feed.hashes()
        );
    }
    let feed = node.feed("/torznab/api?t=movie&imdbid=10838180").await;
    assert!(feed.only(&[t::RESURRECTIONS]));
    let feed = node.feed("/torznab/api?t=movie&tmdbid=603").await;
    assert!(feed.only(&[t::MATRIX]));
    // Radarr's aggregate search: either id matches.
    let feed = node
        .feed("/torznab/api?t=movie&tmdbid=603&imdbid=10838180")
        .await;
    assert!(feed.only(&[t::MATRIX, t::RESURRECTIONS]));
    // Ids and words together.
    let feed = node
        .feed("/torznab/api?t=movie&imdbid=0133093&q=The%20Matrix%201999")
        .await;
    assert!(feed.only(&[t::MATRIX]));
    let feed = node.feed("/torznab/api?t=movie&imdbid=0000001").await;
    assert!(feed.only(&[]));

    // Sonarr: an episode, a season, the whole series by TVDB id.
    let base = format!("/torznab/api?t=tvsearch&cat={SONARR_CATS}&extended=1&tvdbid=81189");
    assert!(
        node.feed(&format!("{base}&season=1&ep=2"))
            .await
            .only(&[t::BB_EPISODE])
    );
    assert!(node.feed(&format!("{base}&season=1&ep=3")).await.only(&[]));
    assert!(
        node.feed(&format!("{base}&season=1"))
            .await
            .only(&[t::BB_EPISODE])
    );
    // A season pack holds every episode of its season.
    assert!(
        node.feed(&format!("{base}&season=2&ep=5"))
            .await
            .only(&[t::BB_SEASON])
    );
    assert!(
        node.feed(&format!("{base}&season=2"))
            .await
            .only(&[t::BB_SEASON])
    );
    assert!(node.feed(&base).await.only(&[t::BB_EPISODE, t::BB_SEASON]));
    // Season and episode without ids, by words.
    let feed = node
        .feed("/torznab/api?t=tvsearch&q=The%20Office%20(US)&season=1&ep=2")
        .await;
    assert!(feed.only(&[t::OFFICE]), "{:?}", feed.hashes());
    // A daily show: the date goes into the words.
    let feed = node
        .feed("/torznab/api?t=tvsearch&q=The%20Daily%20Show&season=2024&ep=02/14")
        .await;
    assert!(feed.only(&[t::DAILY]), "{:?}", feed.hashes());
    let feed = node
        .feed("/torznab/api?t=tvsearch&q=The%20Daily%20Show&season=2024&ep=02/15")
        .await;
    assert!(feed.only(&[]));
    // `t=search` honours only `q` (as caps say): ids are ignored there.
    let feed = node
        .feed("/torznab/api?t=search&cat=2000&imdbid=tt0133093")
        .await;
    assert_eq!(feed.total, 3 + FILLERS as u64);
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn free_text_never_fails_to_parse(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let cases: [(&str, &[u32]); 6] = [
        ("The Office (US)", &[t::OFFICE]),
        ("Marvel's Agents of S.H.I.E.L.D.", &[t::SHIELD]),
        // Every word must match: the exclusion is only a word here.
        ("\"The Matrix\" -Resurrections", &[t::RESURRECTIONS]),
        ("Sousou no Frieren - 05", &[t::FRIEREN]),
        ("type:movie year:>2000 matrix*", &[]),
        ("\"unbalanced ( [ -- : * \\", &[]),
    ];
    for (q, want) in cases {
        let uri = format!(
            "/torznab/api?t=search&q={}",
            q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
        );
        let feed = node.feed(&uri).await;
        assert!(
            feed.only(want),
            "q={q:?}: {:?}",
            feed.items.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
    }
    // Words are ranked by relevance; the "newest" profile orders them by date instead.
    let ranked = node.feed("/torznab/api?t=search&q=breaking%20bad").await;
    assert!(ranked.only(&[t::BB_EPISODE, t::BB_SEASON]));
    node.stop().await;
    Ok(())
}
