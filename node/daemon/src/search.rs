//! `lodestone search`: searches the local index from the command line.
//!
//! When no node is running on this data directory the command owns the index: it
//! catches it up with the database first (building it if it has to), so results match
//! what is stored. When a node is running, the node owns the index and the command
//! reads it as the node last committed it (at most a few seconds behind).

use anyhow::{Context, bail};
use indicatif::HumanBytes;
use lodestone_search::{
    Facet, IndexStatus, Order, OrderField, SearchError, SearchRequest, SearchResponse,
};
use lodestone_store::search_feed::TorrentSummary;
use serde_json::json;

use crate::cli::SearchArgs;
use crate::config::Config;
use crate::database::Database;
use crate::run::search_options;

pub async fn search(config: Config, args: SearchArgs) -> anyhow::Result<i32> {
    let request = request(&args)?;
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data_dir {}", config.data_dir.display()))?;
    let db = Database::open(&config, true).await?;
    let result = run(&config, &db, &args, request).await;
    db.close().await;
    result
}

fn parse_order(text: &str) -> anyhow::Result<Order> {
    let (field, direction) = match text.split_once(':') {
        Some((f, d)) => (f, Some(d)),
        None => (text, None),
    };
    let Some(field) = OrderField::parse(field) else {
        let names: Vec<&str> = OrderField::ALL.iter().map(|o| o.as_str()).collect();
        bail!(
            "--order: unknown field {field:?}; expected one of {}",
            names.join(", ")
        );
    };
    let descending = match direction.map(str::to_ascii_lowercase).as_deref() {
        None => field != OrderField::Name,
        Some("desc") => true,
        Some("asc") => false,
        Some(other) => bail!("--order: direction {other:?} is not asc or desc"),
    };
    Ok(Order { field, descending })
}

fn parse_facet(text: &str) -> anyhow::Result<Facet> {
    let t = text.trim().to_ascii_lowercase().replace('-', "_");
    Facet::ALL
        .into_iter()
        .find(|f| f.as_str() == t)
        .with_context(|| {
            let names: Vec<&str> = Facet::ALL.iter().map(|f| f.as_str()).collect();
            format!(
                "--facets: unknown facet {text:?}; expected one of {}",
                names.join(", ")
            )
        })
}

fn request(args: &SearchArgs) -> anyhow::Result<SearchRequest> {
    if args.limit > lodestone_search::MAX_LIMIT {
        bail!("--limit: at most {}", lodestone_search::MAX_LIMIT);
    }
    Ok(SearchRequest {
        query: args.query.join(" "),
        order: args
            .order
            .as_deref()
            .map(parse_order)
            .transpose()?
            .unwrap_or_default(),
        limit: args.limit,
        offset: args.offset,
        facets: args
            .facets
            .iter()
            .filter(|f| !f.trim().is_empty())
            .map(|f| parse_facet(f))
            .collect::<anyhow::Result<_>>()?,
        ..SearchRequest::default()
    })
}

async fn run(
    config: &Config,
    db: &Database,
    args: &SearchArgs,
    request: SearchRequest,
) -> anyhow::Result<i32> {
    let search =
        match lodestone_search::Search::open(db.store.clone(), search_options(config)).await {
            Ok((search, mut indexer)) => {
                if indexer.needs_rebuild() {
                    eprintln!("building the search index (first use)...");
                    indexer.rebuild(&mut |_| {}).await?;
                } else {
                    indexer.catch_up().await?;
                }
                search
            }
            Err(SearchError::Locked { .. }) => {
                lodestone_search::Search::open_read_only(db.store.clone(), &config.index_dir())
                    .await
                    .context("reading the index of the running node")?
            }
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "opening the search index in {}",
                        config.index_dir().display()
                    )
                });
            }
        };
    let response = match search.search(request).await {
        Ok(r) => r,
        Err(e @ (SearchError::Query(_) | SearchError::Request(_) | SearchError::Cursor(_))) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
        Err(e) => return Err(e).context("searching"),
    };
    let hashes: Vec<_> = response.hits.iter().map(|h| h.info_hash).collect();
    let summaries = db.store.search_feed().summaries(&hashes).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&as_json(&response, &summaries))?
        );
    } else {
        print_table(&response, &summaries, &search.status());
    }
    Ok(0)
}

fn as_json(response: &SearchResponse, summaries: &[TorrentSummary]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = summaries
        .iter()
        .map(|s| {
            let hit = response.hits.iter().find(|h| h.info_hash == s.info_hash);
            json!({
                "info_hash": s.info_hash.to_hex(),
                "name": s.name,
                "size": s.size,
                "files_count": s.files_count,
                "seeders": s.seeders,
                "leechers": s.leechers,
                "published_at": s.published_at.unix_timestamp(),
                "discovered_at": s.discovered_at.unix_timestamp(),
                "content_type": s.content_type.as_str(),
                "title": s.title,
                "year": s.release_year,
                "resolution": s.video_resolution,
                "languages": s.languages,
                "tags": s.tags,
                "origin": s.origin,
                "score": hit.and_then(|h| h.score),
                "magnet": s.info_hash.to_magnet(Some(&s.name)),
            })
        })
        .collect();
    json!({
        "total": response.total,
        "order": { "field": response.order.field.as_str(), "descending": response.order.descending },
        "items": items,
        "next_cursor": response.next_cursor,
        "facets": response.facets,
    })
}

fn print_table(response: &SearchResponse, summaries: &[TorrentSummary], status: &IndexStatus) {
    println!(
        "{} result{} (showing {}, ordered by {} {}; {} documents indexed)",
        response.total,
        if response.total == 1 { "" } else { "s" },
        summaries.len(),
        response.order.field.as_str(),
        if response.order.descending {
            "desc"
        } else {
            "asc"
        },
        status.documents,
    );
    for s in summaries {
        let seeders = s.seeders.map_or("-".to_string(), |n| n.to_string());
        println!(
            "{}  {:>10}  {:>5} seeders  {:<9}  {}",
            s.info_hash.to_hex(),
            HumanBytes(s.size.max(0) as u64).to_string(),
            seeders,
            s.content_type.as_str(),
            s.name
        );
    }
    for facet in &response.facets {
        let values: Vec<String> = facet
            .values
            .iter()
            .take(20)
            .map(|v| format!("{} ({})", v.value, v.count))
            .collect();
        if values.is_empty() {
            println!("{}: (none)", facet.facet.as_str());
        } else {
            println!("{}: {}", facet.facet.as_str(), values.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_parse_with_default_directions() {
        assert_eq!(
            parse_order("seeders").unwrap(),
            Order::desc(OrderField::Seeders)
        );
        assert_eq!(parse_order("name").unwrap(), Order::asc(OrderField::Name));
        assert_eq!(
            parse_order("size:asc").unwrap(),
            Order::asc(OrderField::Size)
        );
        assert_eq!(
            parse_order("published:desc").unwrap(),
            Order::desc(OrderField::PublishedAt)
        );
        assert!(
            parse_order("speed")
                .unwrap_err()
                .to_string()
                .contains("unknown field")
        );
        assert!(
            parse_order("size:up")
                .unwrap_err()
                .to_string()
                .contains("not asc or desc")
        );
    }

    #[test]
    fn facets_parse() {
        assert_eq!(parse_facet("content-type").unwrap(), Facet::ContentType);
        assert!(parse_facet("colour").is_err());
    }
}
