//! Every order in both directions, and paging by offset and by cursor.

use anyhow::{Context as _, Result};
use serde_json::{Value, json};
use sqlx::PgPool;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::support::{Node, code, hashes_of, hex, items_of};

/// The sort key of `field` in a torrent, as JSON: null when missing.
fn order_key(field: &str, item: &Value) -> Result<Value> {
    let t = &item["torrent"];
    let time = |v: &Value| -> Result<Value> {
        let text = v.as_str().context("time")?;
        // The index orders by whole seconds.
        Ok(json!(
            OffsetDateTime::parse(text, &Rfc3339)?.unix_timestamp()
        ))
    };
    Ok(match field {
        "RELEVANCE" => item["score"].clone(),
        "PUBLISHED_AT" => time(&t["publishedAt"])?,
        "DISCOVERED_AT" => time(&t["discoveredAt"])?,
        "SIZE" => t["size"].clone(),
        "SEEDERS" => t["seeders"].clone(),
        "LEECHERS" => t["leechers"].clone(),
        "FILES_COUNT" => t["filesCount"].clone(),
        "NAME" => json!(t["name"].as_str().context("name")?.to_lowercase()),
        other => anyhow::bail!("unknown order field {other}"),
    })
}

fn cmp_keys(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        _ => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
    }
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn every_order_field_sorts_both_ways(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    let fields = node
        .data(
            "{ orderFields { field name defaultDescending } }",
            json!({}),
        )
        .await?;
    let fields = fields["orderFields"].as_array().context("orderFields")?;
    assert_eq!(fields.len(), 8);
    for info in fields {
        let field = info["field"].as_str().context("field")?;
        for descending in [false, true] {
            // Relevance needs words; "matrix" matches three torrents.
            let (query, expected) = if field == "RELEVANCE" {
                ("matrix", 3)
            } else {
                ("", 8)
            };
            let input = json!({
                "query": query,
                "orderBy": { "field": field, "descending": descending },
                "limit": 100,
            });
            let result = node
                .search(
                    input,
                    "infoHash name size seeders leechers filesCount publishedAt discoveredAt",
                )
                .await?;
            let what = format!("{field} descending={descending}");
            // Relevance is always best first.
            let descending = descending || field == "RELEVANCE";
            assert_eq!(
                result["order"],
                json!({ "field": field, "descending": descending }),
                "{what}"
            );
            let items = items_of(&result)?;
            let keys: Vec<Value> = items
                .iter()
                .map(|i| order_key(field, i))
                .collect::<Result<_>>()?;
            assert_eq!(keys.len(), expected, "{what}");
            // Missing values come last either way.
            let present = keys.iter().take_while(|k| !k.is_null()).count();
            assert!(
                keys[present..].iter().all(Value::is_null),
                "{what}: {keys:?}"
            );
            for pair in keys[..present].windows(2) {
                let ordering = cmp_keys(&pair[0], &pair[1]);
                let ok = if descending {
                    ordering.is_ge()
                } else {
                    ordering.is_le()
                };
                assert!(ok, "{what}: {keys:?}");
            }
            if matches!(field, "SIZE" | "SEEDERS" | "NAME" | "PUBLISHED_AT") {
                // Distinct values: strictly ordered, so the check above could fail.
                assert!(
                    keys[..present]
                        .windows(2)
                        .all(|p| cmp_keys(&p[0], &p[1]).is_ne()),
                    "{what}: {keys:?}"
                );
            }
            if field == "SEEDERS" {
                assert_eq!(keys.last(), Some(&Value::Null), "{what}");
                assert_eq!(items.last().context("last")?["torrent"]["infoHash"], hex(5));
            }
        }
    }
    let names = node
        .hashes(json!({ "orderBy": { "field": "NAME" }, "limit": 2 }))
        .await?;
    assert_eq!(names, [hex(3), hex(4)], "NAME defaults to ascending");
    let sizes = node
        .hashes(json!({ "orderBy": { "field": "SIZE" }, "limit": 1 }))
        .await?;
    assert_eq!(sizes, [hex(3)], "SIZE defaults to descending");
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn offset_and_cursor_paging_cover_every_result_once(pool: PgPool) -> Result<()> {
    let node = Node::with_corpus(pool).await?;
    for (field, descending) in [
        ("SIZE", true),
        ("SEEDERS", false),
        ("NAME", false),
        // Every torrent was discovered within a second or so: ties, broken by hash.
        ("DISCOVERED_AT", true),
    ] {
        let order = json!({ "field": field, "descending": descending });
        let all = node
            .hashes(json!({ "orderBy": order, "limit": 100 }))
            .await?;
        assert_eq!(all.len(), 8);

        let mut by_offset = Vec::new();
        for offset in (0..9).step_by(3) {
            let page = node
                .search(
                    json!({ "orderBy": order, "limit": 3, "offset": offset }),
                    "infoHash",
                )
                .await?;
            assert_eq!(page["totalCount"], 8);
            assert_eq!(
                page["hasNextPage"],
                offset + 3 < 8,
                "{field} offset {offset}"
            );
            by_offset.extend(hashes_of(&page));
        }
        assert_eq!(by_offset, all, "{field} by offset");

        let mut by_cursor = Vec::new();
        let mut cursor = Value::Null;
        for round in 0.. {
            anyhow::ensure!(round < 10, "{field}: the cursor never ends");
            let page = node
                .search(
                    json!({ "orderBy": order, "limit": 3, "cursor": cursor }),
                    "infoHash",
                )
                .await?;
            let items = items_of(&page)?;
            by_cursor.extend(hashes_of(&page));
            if page["hasNextPage"] == false {
                assert!(page["nextCursor"].is_null());
                break;
            }
            assert_eq!(page["nextCursor"], items.last().context("last")?["cursor"]);
            cursor = page["nextCursor"].clone();
        }
        assert_eq!(by_cursor, all, "{field} by cursor");
    }

    let both = node
        .error(
            r#"{ search(input: { offset: 3, cursor: "x" }) { totalCount } }"#,
            json!({}),
        )
        .await?;
    assert_eq!(code(&both), "BAD_REQUEST");
    let cursor = node
        .error(
            r#"{ search(input: { cursor: "not a cursor" }) { totalCount } }"#,
            json!({}),
        )
        .await?;
    assert_eq!(code(&cursor), "BAD_CURSOR");
    for limit in [-1, 1001] {
        let error = node
            .error(
                "query($l: Int!) { search(input: { limit: $l }) { totalCount } }",
                json!({ "l": limit }),
            )
            .await?;
        assert_eq!(code(&error), "BAD_REQUEST", "limit {limit}");
    }
    Ok(())
}
