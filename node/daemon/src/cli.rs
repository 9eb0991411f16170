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
    /// Search the local index (words, "phrases", -excluded, prefix*, field:value)
    Search(SearchArgs),
    /// Rebuild the search index from the database (stop the node first)
    Reindex,
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

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Print the results as JSON (one object with total, items and facets)
    #[arg(long)]
    pub json: bool,
    /// Results to show (at most 1000)
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Skip this many results
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Order: relevance, published, discovered, size, seeders, leechers, files, name;
    /// add :asc or :desc (default: desc, name: asc)
    #[arg(long, value_name = "FIELD[:asc|:desc]")]
    pub order: Option<String>,
    /// Also count these facets (content_type, language, year, resolution, source, codec,
    /// tag, file_type, origin); repeat or separate with commas
    #[arg(long, value_delimiter = ',', value_name = "FACET")]
    pub facets: Vec<String>,
    /// The query; several words are joined with spaces. Empty: the newest torrents
    #[arg(
        value_name = "QUERY",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub query: Vec<String>,
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
