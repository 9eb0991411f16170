//! `lodestone`: the node binary. Parses the command line, loads the configuration,
//! sets up logging and signals, and runs one command.

mod cli;
mod config;
mod database;
mod import;
mod reindex;
mod run;
mod search;
mod shutdown;

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Parser;
use figment::value::Value;
use lodestone_import::ImportOptions;
use tokio_util::sync::CancellationToken;

use crate::cli::{Cli, Command, ConfigCommand, DbCommand};
use crate::config::{CliOverrides, Config};
use crate::database::Database;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(main_async(cli)) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn main_async(cli: Cli) -> anyhow::Result<i32> {
    let mut overrides: CliOverrides = Vec::new();
    if let Some(dir) = &cli.data_dir {
        overrides.push((
            "data_dir",
            Value::from(dir.display().to_string()),
            "--data-dir",
        ));
    }
    match &cli.command {
        Command::Run(args) => {
            if let Some(addr) = args.http_addr {
                overrides.push(("http.addr", Value::from(addr.to_string()), "--http-addr"));
            }
        }
        Command::Import(args) => {
            if let Some(source) = &args.source {
                overrides.push((
                    "import.default_source",
                    Value::from(source.to_ascii_lowercase()),
                    "--source",
                ));
            }
            if let Some(n) = args.batch_size {
                overrides.push(("import.batch_size", Value::from(n as u64), "--batch-size"));
            }
        }
        Command::Config(_) | Command::Db(_) | Command::Search(_) | Command::Reindex => {}
    }
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let loaded = config::load(cli.config.as_deref(), &env, overrides)?;
    init_logging(&loaded.config);

    let cancel = CancellationToken::new();
    shutdown::spawn_signal_handler(cancel.clone())?;
    let config = loaded.config.clone();
    match cli.command {
        Command::Run(_) => run::run(config, cancel).await.map(|()| 0),
        Command::Import(args) => import::import(config, args, cancel).await,
        Command::Search(args) => search::search(config, args).await,
        Command::Reindex => reindex::reindex(config, cancel).await,
        Command::Config(ConfigCommand::Show) => {
            print!("{}", loaded.show());
            Ok(0)
        }
        Command::Db(DbCommand::Migrate) => {
            let db = Database::open(&config, false).await?;
            let result = db.store.migrate().await;
            let status = db.store.migration_status().await;
            db.close().await;
            result?;
            let status = status?;
            println!(
                "database is at migration {}",
                status
                    .iter()
                    .filter(|m| m.applied_at.is_some())
                    .map(|m| m.version)
                    .max()
                    .unwrap_or(0)
            );
            Ok(0)
        }
        Command::Db(DbCommand::Status) => {
            let db = Database::open(&config, false).await?;
            let status = db.store.migration_status().await;
            db.close().await;
            let mut pending = 0;
            for m in status? {
                match m.applied_at {
                    Some(at) => println!("{:04} {:<30} applied {at}", m.version, m.description),
                    None => {
                        pending += 1;
                        println!("{:04} {:<30} pending", m.version, m.description);
                    }
                }
            }
            println!("{pending} pending");
            Ok(0)
        }
    }
}

fn init_logging(config: &Config) {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| {
            // PostgreSQL's NOTICEs ("relation ... already exists, skipping" when
            // migrations run) are not news to a user.
            tracing_subscriber::EnvFilter::new(format!(
                "{},sqlx::postgres::notice=warn",
                config.log.level
            ))
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

pub(crate) fn import_options(config: &Config) -> ImportOptions {
    ImportOptions {
        default_source: config.import.default_source.clone(),
        skip_invalid: false,
        batch_size: config.import.batch_size,
        writers: config.import.writers,
        ..ImportOptions::default()
    }
}
