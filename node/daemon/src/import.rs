//! `lodestone import`: bitmagnet's NDJSON from a file or stdin, straight into the
//! database, with a progress bar on a terminal and plain lines otherwise.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use lodestone_import::{ImportError, ImportOptions, ImportSummary, Progress};
use tokio::io::{AsyncBufRead, BufReader};
use tokio_util::sync::CancellationToken;

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::database::Database;

/// Runs the import; the returned code is the process exit code.
pub async fn import(
    config: Config,
    args: ImportArgs,
    cancel: CancellationToken,
) -> anyhow::Result<i32> {
    let mut options = crate::import_options(&config);
    options.skip_invalid = args.skip_invalid;
    let reader: Box<dyn AsyncBufRead + Unpin + Send> = if args.path == Path::new("-") {
        Box::new(BufReader::with_capacity(1 << 20, tokio::io::stdin()))
    } else {
        let file = tokio::fs::File::open(&args.path)
            .await
            .with_context(|| format!("opening {}", args.path.display()))?;
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data_dir {}", config.data_dir.display()))?;
    let db = Database::open(&config, true).await?;
    let code = run(&db, reader, &options, cancel).await;
    db.close().await;
    code
}

async fn run(
    db: &Database,
    reader: Box<dyn AsyncBufRead + Unpin + Send>,
    options: &ImportOptions,
    cancel: CancellationToken,
) -> anyhow::Result<i32> {
    let reporter = Reporter::new(std::io::stderr().is_terminal());
    let last = Arc::new(Mutex::new(Progress::default()));
    let started = Instant::now();
    let result = {
        let last = last.clone();
        let reporter = &reporter;
        let import = lodestone_import::import(&db.store, reader, options, move |p| {
            *last.lock().expect("progress lock") = p.clone();
            reporter.update(p, started.elapsed());
        });
        tokio::select! {
            result = import => Some(result),
            _ = cancel.cancelled() => None,
        }
    };
    reporter.finish();
    let Some(result) = result else {
        let p = last.lock().expect("progress lock").clone();
        eprintln!("interrupted: committed {p}");
        return Ok(130);
    };
    match result {
        Ok(summary) => {
            report_invalid(&summary);
            println!(
                "imported {} in {:.1} s ({:.0} records/s)",
                summary.progress,
                summary.elapsed.as_secs_f64(),
                summary.records_per_second()
            );
            Ok(0)
        }
        Err(error) => {
            report_invalid(error.summary());
            let committed = error.summary().progress.to_string();
            let bad_line = matches!(error, ImportError::BadLine { .. });
            eprintln!("error: {:#}", anyhow::Error::from(error));
            eprintln!("committed {committed} before stopping");
            if bad_line && !options.skip_invalid {
                eprintln!("hint: --skip-invalid skips invalid lines and reports them");
            }
            Ok(1)
        }
    }
}

fn report_invalid(summary: &ImportSummary) {
    if summary.progress.invalid == 0 {
        return;
    }
    eprintln!("skipped {} invalid lines:", summary.progress.invalid);
    for e in &summary.invalid_samples {
        eprintln!("  {e}");
    }
    let more = summary.progress.invalid as usize - summary.invalid_samples.len();
    if more > 0 {
        eprintln!("  ... and {more} more");
    }
}

/// A progress bar on a terminal; otherwise a plain line every few seconds.
enum Reporter {
    Bar(ProgressBar),
    Lines(Mutex<Instant>),
}

impl Reporter {
    fn new(terminal: bool) -> Self {
        if terminal {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {human_pos} records ({rate}) {msg}",
                )
                .expect("valid template")
                .with_key(
                    "rate",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} records/s", state.per_sec());
                    },
                ),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            Self::Bar(bar)
        } else {
            Self::Lines(Mutex::new(Instant::now()))
        }
    }

    fn update(&self, p: &Progress, elapsed: Duration) {
        match self {
            Self::Bar(bar) => {
                bar.set_position(p.imported);
                bar.set_message(format!(
                    "{} new, {} existing, {} invalid",
                    p.inserted, p.existing, p.invalid
                ));
            }
            Self::Lines(last) => {
                let mut last = last.lock().expect("reporter lock");
                if last.elapsed() >= Duration::from_secs(5) {
                    *last = Instant::now();
                    eprintln!(
                        "imported {} ({:.0} records/s)",
                        p,
                        p.imported as f64 / elapsed.as_secs_f64().max(1e-9)
                    );
                }
            }
        }
    }

    fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
