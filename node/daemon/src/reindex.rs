//! `lodestone reindex`: rebuilds the search index from the database, with a progress
//! bar on a terminal and plain lines otherwise.

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use lodestone_search::RebuildProgress;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::database::Database;
use crate::run::open_search;

pub async fn reindex(config: Config, cancel: CancellationToken) -> anyhow::Result<i32> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data_dir {}", config.data_dir.display()))?;
    let db = Database::open(&config, true).await?;
    let result = rebuild(&config, &db, cancel).await;
    db.close().await;
    result
}

async fn rebuild(config: &Config, db: &Database, cancel: CancellationToken) -> anyhow::Result<i32> {
    let (_search, mut indexer) = open_search(config, db).await?;
    let terminal = std::io::stderr().is_terminal();
    let bar = if terminal {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} torrents  {per_sec}  eta {eta}")
                .expect("valid template"),
        );
        Some(bar)
    } else {
        None
    };
    let started = Instant::now();
    let mut last_line = Instant::now();
    let mut progress = |p: RebuildProgress| {
        if let Some(bar) = &bar {
            bar.set_length(p.total);
            bar.set_position(p.indexed);
        } else if last_line.elapsed().as_secs() >= 5 || p.indexed == p.total {
            eprintln!("indexed {}/{} torrents", p.indexed, p.total);
            last_line = Instant::now();
        }
    };
    let result = tokio::select! {
        r = indexer.rebuild(&mut progress) => Some(r),
        _ = cancel.cancelled() => None,
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        None => {
            eprintln!("interrupted: the index is incomplete and will be rebuilt at the next start");
            Ok(130)
        }
        Some(r) => {
            let n = r.context("rebuilding the search index")?;
            println!(
                "indexed {n} torrents in {:.1} s into {}",
                started.elapsed().as_secs_f64(),
                config.index_dir().display()
            );
            Ok(0)
        }
    }
}
