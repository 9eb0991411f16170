//! The service around the schema: vocabularies and health, depth and complexity
//! limits, the Playground.

use anyhow::{Context as _, Result};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use lodestone_proto::ContentType;
use serde_json::{Value, json};
use sqlx::PgPool;
use tower::ServiceExt;

use crate::support::{Node, code, hex, message};

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn version_health_and_vocabularies(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let data = node
        .data(
            "{ version health { ok version database { ok embedded pingMs error } \
             index { ok documents rebuilding indexerRunning lastError } } \
             contentTypes { contentType label } facets { facet name multiValued } \
             orderFields { field name defaultDescending } }",
            json!({}),
        )
        .await?;
    assert_eq!(data["version"], env!("CARGO_PKG_VERSION"));
    let health = &data["health"];
    assert_eq!(health["ok"], true, "{health:#}");
    assert_eq!(health["database"]["ok"], true);
    assert!(health["database"]["pingMs"].as_f64().is_some());
    assert_eq!(health["database"]["error"], Value::Null);
    assert_eq!(health["index"]["documents"], 8);
    assert_eq!(health["index"]["indexerRunning"], true);

    let content_types = data["contentTypes"].as_array().context("contentTypes")?;
    assert_eq!(content_types.len(), ContentType::ALL.len());
    assert!(content_types.contains(&json!({ "contentType": "tv_show", "label": "TV show" })));
    let facets = data["facets"].as_array().context("facets")?;
    assert_eq!(facets.len(), 10);
    assert!(
        facets.contains(&json!({ "facet": "VIDEO_3D", "name": "video_3d", "multiValued": false }))
    );
    assert!(facets.contains(&json!({ "facet": "TAG", "name": "tag", "multiValued": true })));
    assert!(facets.contains(&json!({ "facet": "YEAR", "name": "year", "multiValued": false })));
    let orders = data["orderFields"].as_array().context("orderFields")?;
    assert!(orders.contains(
        &json!({ "field": "PUBLISHED_AT", "name": "published_at", "defaultDescending": true })
    ));
    assert!(
        orders.contains(&json!({ "field": "NAME", "name": "name", "defaultDescending": false }))
    );

    // Stop the indexer: health says so.
    node.cancel.cancel();
    for _ in 0..100 {
        if !node.search.status().indexer_running {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let data = node
        .data("{ health { ok index { indexerRunning } } }", json!({}))
        .await?;
    assert_eq!(
        data["health"],
        json!({ "ok": false, "index": { "indexerRunning": false } })
    );
    Ok(())
}

/// The introspection query of GraphiQL and the Playground (graphql-js
/// `getIntrospectionQuery`), whose `ofType` chains are the deepest legitimate selection.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  } } } } } } } } }
}
"#;

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn too_deep_and_too_complex_queries_are_refused(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let schema = node.data(INTROSPECTION, json!({})).await?;
    assert!(
        schema["__schema"]["types"]
            .as_array()
            .is_some_and(|t| t.len() > 20)
    );

    let deep = format!(
        "{{ __schema {{ types {{ fields {{ type {{ {} name {} }} }} }} }} }}",
        "ofType {".repeat(14),
        "}".repeat(14)
    );
    let error = node.error(&deep, json!({})).await?;
    assert_eq!(code(&error), "BAD_REQUEST");
    assert!(message(&error).contains("nested too deep"), "{error:#}");

    // Every summary field of a 1000-result page is fine...
    let summary = "infoHash name size private filesCount origin discoveredAt publishedAt seeders \
                   leechers magnetUri tags classified contentType title releaseYear episodes \
                   videoResolution videoSource videoCodec video3d videoModifier releaseGroup \
                   languages externalIds { source id }";
    let page = node
        .search(
            json!({ "limit": 1000, "aggregate": ["CONTENT_TYPE", "LANGUAGE", "YEAR"] }),
            summary,
        )
        .await?;
    assert_eq!(page["totalCount"], 8);
    // ... but the files of each of 1000 results are not, nor many torrents' details.
    let files =
        "{ search(input: { limit: 1000 }) { items { torrent { files { items { path } } } } } }";
    let aliased: String = (0..25)
        .map(|i| {
            format!(
                "t{i}: torrent(infoHash: \"{}\") {{ files {{ totalCount }} sources {{ key }} }} ",
                hex(1)
            )
        })
        .collect();
    for query in [files.to_owned(), format!("{{ {aliased} }}")] {
        let error = node.error(&query, json!({})).await?;
        assert_eq!(code(&error), "BAD_REQUEST");
        assert!(message(&error).contains("too complex"), "{error:#}");
    }
    // A smaller page with files fits.
    let small = node
        .data(
            "{ search(input: { limit: 100 }) { items { torrent { files(limit: 5) { totalCount } } } } }",
            json!({}),
        )
        .await?;
    assert_eq!(small["search"]["items"].as_array().map(Vec::len), Some(8));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn get_serves_the_playground(pool: PgPool) -> Result<()> {
    let node = Node::start(pool).await?;
    let response = node
        .router
        .clone()
        .oneshot(Request::get("/graphql").body(Body::empty())?)
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let body = response.into_body().collect().await?.to_bytes();
    let html = String::from_utf8_lossy(&body);
    assert!(html.contains("GraphQL Playground"), "{html}");
    assert!(html.contains("/graphql"));
    Ok(())
}
