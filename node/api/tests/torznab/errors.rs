//! Newznab error documents.

use axum::http::StatusCode;
use lodestone_api::torznab::TorznabConfig;
use sqlx::PgPool;

use crate::support::node;

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn errors_are_newznab_documents(pool: PgPool) -> anyhow::Result<()> {
    let node = node(pool, TorznabConfig::default()).await?;
    let cases = [
        ("/torznab/api", 200),
        ("/torznab/api?q=matrix", 200),
        ("/torznab/api?t=", 200),
        ("/torznab/api?t=frobnicate", 202),
        ("/torznab/api?t=get&id=x", 203),
        ("/torznab/api?t=details", 203),
        ("/torznab/api?t=search&limit=ten", 201),
        ("/torznab/api?t=search&limit=-1", 201),
        ("/torznab/api?t=search&offset=-5", 201),
        ("/torznab/api?t=search&offset=1.5", 201),
        ("/torznab/api?t=tvsearch&season=one", 201),
        ("/torznab/api?t=tvsearch&tvdbid=abc", 201),
        ("/torznab/api?t=movie&imdbid=nm0000206", 201),
        ("/torznab/api?t=movie&tmdbid=tt603", 201),
    ];
    for (uri, code) in cases {
        let response = node.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}: {}", response.body);
        let (got, description) = response.error();
        assert_eq!(got, code, "{uri}: {description}");
        assert!(!description.is_empty());
        assert_eq!(description, description.to_lowercase(), "{uri}");
    }
    // A failure of the node itself: code 300 with HTTP 500, still a document.
    node.store.pool().close().await;
    let response = node.get("/torznab/api?t=search").await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    let (code, description) = response.error();
    assert_eq!(code, 300);
    assert!(
        description.starts_with("reading torrents failed")
            || description.starts_with("search failed"),
        "{description}"
    );
    node.stop().await;
    Ok(())
}
