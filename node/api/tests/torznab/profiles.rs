//! Profiles and the API key.

use axum::http::StatusCode;
use lodestone_api::torznab::TorznabConfig;
use sqlx::PgPool;

use crate::support::{FILLERS, SONARR_CATS, hash, node, profiles, t};

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn profiles_restrict_results(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, profiles()).await?;
    // movies: content types, default and largest page.
    let movies = node.feed("/torznab/movies/api?t=search").await;
    assert_eq!(movies.items.len(), 2);
    assert_eq!(movies.total, 3 + FILLERS as u64);
    assert_eq!(
        movies.hashes(),
        [hash(t::MATRIX).to_hex(), hash(t::RESURRECTIONS).to_hex()]
    );
    let capped = node.feed("/torznab/movies/api/?t=movie&limit=50").await;
    assert_eq!(capped.items.len(), 3);
    let tv_cats = node
        .feed(&format!("/torznab/movies/api?t=search&cat={SONARR_CATS}"))
        .await;
    assert!(tv_cats.only(&[]));
    assert_eq!(tv_cats.total, 0);
    // Categories the profile does not serve do not widen the ones it does.
    let mixed = node
        .feed("/torznab/movies/api?t=search&cat=2045,7000")
        .await;
    assert!(mixed.only(&[t::RESURRECTIONS]));
    let refused = node.get("/torznab/movies/api?t=tvsearch").await;
    assert_eq!(refused.status, StatusCode::OK);
    assert_eq!(refused.error().0, 203);

    // anime: tags.
    let anime = node.feed("/torznab/anime/api?t=search").await;
    assert!(anime.only(&[t::FRIEREN]));
    let anime = node.feed("/torznab/anime/api?t=tvsearch&q=frieren").await;
    assert!(anime.only(&[t::FRIEREN]));

    // newest: words do not change the order.
    let newest = node.feed("/torznab/newest/api?t=search&q=film").await;
    assert_eq!(newest.items.len(), FILLERS);
    newest.assert_newest_first();
    assert_eq!(
        newest.items[0].title,
        format!("Filler.Film.{}.2020.720p.WEB", FILLERS - 1)
    );

    // An unknown profile is a 404 with an error document.
    let missing = node.get("/torznab/nope/api?t=caps").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let (code, description) = missing.error();
    assert_eq!(code, 201);
    assert!(description.contains("nope"), "{description}");
    let missing = node.get("/torznab/nope/api?t=search").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    node.stop().await;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn api_key_is_required_when_configured(pool: PgPool) -> anyhow::Result<()> {
    let config = TorznabConfig {
        api_key: Some("s3cret".into()),
        ..profiles()
    };
    let node = node(pool, config).await?;
    for uri in [
        "/torznab/api?t=caps",
        "/torznab/api?t=search",
        "/torznab/api?t=search&apikey=",
        "/torznab/api?t=search&apikey=S3CRET",
        "/torznab/api?t=search&apikey=s3cret2",
        "/torznab/movies/api?t=caps&apikey=wrong",
        "/torznab/nope/api?t=caps",
        "/torznab/api?apikey=wrong",
    ] {
        let response = node.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}");
        assert_eq!(response.error().0, 100, "{uri}");
    }
    let caps = node.get("/torznab/api?t=caps&apikey=s3cret").await;
    assert_eq!(caps.status, StatusCode::OK);
    assert!(
        roxmltree::Document::parse(&caps.body)?
            .root_element()
            .has_tag_name("caps")
    );
    let feed = node
        .feed("/torznab/movies/api?t=movie&apikey=s3cret&cat=2000")
        .await;
    assert_eq!(feed.items.len(), 2);
    // The key is not echoed into the feed.
    assert_eq!(
        feed.self_link,
        "http://node.test:3000/torznab/movies/api?t=movie&cat=2000"
    );
    let raw = node.get("/torznab/api?t=search&apikey=s3cret").await;
    assert!(!raw.body.contains("s3cret"));
    node.stop().await;
    Ok(())
}
