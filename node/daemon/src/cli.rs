//! Command-line arguments (clap). Parsing only: what they mean is resolved with the
//! config in `config.rs`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "lodestone",
    version,
    about = "A self-hosted BitTorrent indexer"
)]
pub struct Cli {
    /// Config file (YAML). Default: ./lodestone.yml, then <config dir>/lodestone/config.yml,
    /// when they exist
    #[arg(long, global = true, env = "LODESTONE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Data directory (database cluster, index, identity) [config: data_dir]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the node: HTTP API (/import, /status, /metrics) and background work
    Run(RunArgs),
    /// Import torrents in bitmagnet's /import NDJSON format from a file or stdin
    Import(ImportArgs),
    /// Inspect the configuration
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Database maintenance
    #[command(subcommand)]
    Db(DbCommand),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Address of the HTTP API [config: http.addr]
    #[arg(long, value_name = "ADDR")]
    pub http_addr: Option<SocketAddr>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Source key for records that name none [config: import.default_source]
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Skip invalid lines (and report them) instead of stopping at the first
    #[arg(long)]
    pub skip_invalid: bool,
    /// Records per transaction [config: import.batch_size]
    #[arg(long, value_name = "N")]
    pub batch_size: Option<usize>,
    /// NDJSON file to read, or - for standard input
    #[arg(value_name = "PATH|-")]
    pub path: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration and where each value came from
    Show,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply pending migrations
    Migrate,
    /// Show applied and pending migrations
    Status,
}
