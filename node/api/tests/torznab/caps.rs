//! `t=caps`: functions, limits and categories, for the default and a restricted profile.

use axum::http::StatusCode;
use sqlx::PgPool;

use crate::support::{node, profiles};

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn caps_list_functions_limits_and_categories(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, profiles()).await?;
    for uri in [
        "/torznab/api?t=caps",
        "/torznab/api/?t=caps",
        "/torznab/api?T=CAPS&extended=1",
    ] {
        let response = node.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}");
        assert!(response.content_type().starts_with("application/xml"));
        let doc = roxmltree::Document::parse(&response.body)?;
        let caps = doc.root_element();
        assert_eq!(caps.tag_name().name(), "caps");
        let el = |name: &str| caps.descendants().find(|n| n.has_tag_name(name)).unwrap();
        assert_eq!(el("server").attribute("title"), Some("Lodestone"));
        assert_eq!(
            (
                el("limits").attribute("max"),
                el("limits").attribute("default")
            ),
            (Some("100"), Some("100"))
        );
        for (name, params) in [
            ("search", "q"),
            ("tv-search", "q,season,ep,imdbid,tvdbid,tmdbid"),
            ("movie-search", "q,imdbid,tmdbid"),
            ("music-search", "q"),
            ("audio-search", "q"),
            ("book-search", "q"),
        ] {
            assert_eq!(el(name).attribute("available"), Some("yes"), "{name}");
            assert_eq!(
                el(name).attribute("supportedParams"),
                Some(params),
                "{name}"
            );
        }
        let categories: Vec<(String, Vec<String>)> = el("categories")
            .children()
            .filter(|n| n.is_element())
            .map(|c| {
                (
                    format!(
                        "{} {}",
                        c.attribute("id").unwrap(),
                        c.attribute("name").unwrap()
                    ),
                    c.children()
                        .filter(|n| n.is_element())
                        .map(|s| {
                            format!(
                                "{} {}",
                                s.attribute("id").unwrap(),
                                s.attribute("name").unwrap()
                            )
                        })
                        .collect(),
                )
            })
            .collect();
        let want: Vec<(String, Vec<String>)> = [
            (
                "2000 Movies",
                &[
                    "2030 Movies/SD",
                    "2040 Movies/HD",
                    "2045 Movies/UHD",
                    "2050 Movies/BluRay",
                    "2060 Movies/3D",
                ][..],
            ),
            ("3000 Audio", &["3030 Audio/Audiobook"]),
            ("4000 PC", &["4050 PC/Games"]),
            (
                "5000 TV",
                &["5030 TV/SD", "5040 TV/HD", "5045 TV/UHD", "5070 TV/Anime"],
            ),
            ("6000 XXX", &[]),
            ("7000 Books", &["7020 Books/EBook", "7030 Books/Comics"]),
            ("8000 Other", &[]),
        ]
        .iter()
        .map(|(c, subs)| (c.to_string(), subs.iter().map(|s| s.to_string()).collect()))
        .collect();
        assert_eq!(categories, want);
    }

    // A profile restricted to movies advertises only what it serves.
    let response = node.get("/torznab/movies/api?t=caps").await;
    assert_eq!(response.status, StatusCode::OK);
    let doc = roxmltree::Document::parse(&response.body)?;
    let el = |name: &str| doc.descendants().find(|n| n.has_tag_name(name)).unwrap();
    assert_eq!(
        (
            el("limits").attribute("max"),
            el("limits").attribute("default")
        ),
        (Some("3"), Some("2"))
    );
    assert_eq!(el("movie-search").attribute("available"), Some("yes"));
    assert_eq!(el("tv-search").attribute("available"), Some("no"));
    assert_eq!(el("book-search").attribute("available"), Some("no"));
    let ids: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("category") || n.has_tag_name("subcat"))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    assert_eq!(ids, ["2000", "2030", "2040", "2045", "2050", "2060"]);
    node.stop().await;
    Ok(())
}
