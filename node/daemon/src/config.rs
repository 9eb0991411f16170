//! The node's configuration: defaults, then one YAML file, then environment
//! variables, then command-line flags (later layers win), layered with figment.
//!
//! Every key can be set from the environment as `LODESTONE_` + the key path in upper
//! case with `_` for `.` (`http.addr` is `LODESTONE_HTTP_ADDR`); `DATABASE_URL` sets
//! `database.url`. An unknown key in the file or an unknown `LODESTONE_*` variable is
//! an error, as is a value that does not fit its key: every error names the key and
//! the layer that set it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use figment::providers::Serialized;
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the node keeps its state (embedded database cluster, index, identity).
    pub data_dir: PathBuf,
    pub http: HttpConfig,
    pub database: DatabaseConfig,
    pub import: ImportConfig,
    pub log: LogConfig,
    pub search: SearchConfig,
    #[serde(default)]
    pub torznab: lodestone_api::torznab::TorznabConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Directory of the search index; unset: `<data_dir>/index`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_dir: Option<PathBuf>,
    /// Memory (MiB) the index writer buffers before it writes a segment.
    pub writer_memory_mb: usize,
}

impl Config {
    pub fn index_dir(&self) -> PathBuf {
        self.search
            .index_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("index"))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub addr: SocketAddr,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// A PostgreSQL server URL; unset: the embedded cluster in `<data_dir>/postgres`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub max_connections: u32,
    pub embedded: EmbeddedConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedConfig {
    /// Directory of initdb/pg_ctl/postgres; unset: found automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin_dir: Option<PathBuf>,
    /// User that runs the embedded cluster when the node runs as root.
    pub run_as: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    pub batch_size: usize,
    pub default_source: String,
    /// Batches written at once.
    pub writers: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// A tracing filter: `info`, `debug`, `lodestone_store=debug,info`, ...
    pub level: String,
}

/// Every key, in the order `config show` prints them.
pub const KEYS: &[&str] = &[
    "data_dir",
    "http.addr",
    "database.url",
    "database.max_connections",
    "database.embedded.bin_dir",
    "database.embedded.run_as",
    "import.batch_size",
    "import.default_source",
    "import.writers",
    "log.level",
    "search.index_dir",
    "search.writer_memory_mb",
    "torznab.api_key",
    "torznab.profiles",
];

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: default_data_dir(),
            http: HttpConfig {
                addr: SocketAddr::from(([127, 0, 0, 1], 3333)),
            },
            database: DatabaseConfig {
                url: None,
                max_connections: 8,
                embedded: EmbeddedConfig {
                    bin_dir: None,
                    run_as: "postgres".into(),
                },
            },
            import: ImportConfig {
                batch_size: 2000,
                default_source: "import".into(),
                writers: 2,
            },
            log: LogConfig {
                level: "info".into(),
            },
            search: SearchConfig {
                index_dir: None,
                writer_memory_mb: 128,
            },
            torznab: Default::default(),
        }
    }
}

/// `/var/lib/lodestone` for root (a service), else the user's data directory.
fn default_data_dir() -> PathBuf {
    if nix::unistd::geteuid().is_root() {
        return PathBuf::from("/var/lib/lodestone");
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("lodestone");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(home).join(".local/share/lodestone");
    }
    PathBuf::from("lodestone-data")
}

/// Values given on the command line, as (key, value, flag).
pub type CliOverrides = Vec<(&'static str, Value, &'static str)>;

/// The loaded configuration and the layers it came from.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub file: Option<PathBuf>,
    figment: Figment,
}

/// Loads and validates the configuration.
pub fn load(
    explicit_file: Option<&Path>,
    env: &BTreeMap<String, String>,
    cli: CliOverrides,
) -> anyhow::Result<Loaded> {
    let mut figment = Figment::from(Layer::new(
        "default",
        None,
        Serialized::defaults(Config::default())
            .data()?
            .remove(&Profile::Default)
            .unwrap_or_default(),
    ));

    let file = match explicit_file {
        Some(path) => {
            if !path.is_file() {
                bail!("config file {} does not exist", path.display());
            }
            Some(path.to_path_buf())
        }
        None => default_config_files().into_iter().find(|p| p.is_file()),
    };
    if let Some(path) = &file {
        figment = figment.merge(yaml_file(path)?);
    }

    if let Some(url) = env.get("DATABASE_URL").filter(|u| !u.is_empty()) {
        figment = figment.merge(Layer::value(
            "environment variable DATABASE_URL",
            "database.url",
            Value::from(url.clone()),
        ));
    }
    for (var, value) in env.iter().filter(|(k, _)| k.starts_with("LODESTONE_")) {
        let name = &var["LODESTONE_".len()..];
        if name == "CONFIG" {
            continue;
        }
        let Some(key) = KEYS
            .iter()
            .find(|k| k.replace('.', "_").eq_ignore_ascii_case(name))
        else {
            let known: Vec<String> = KEYS.iter().map(|k| env_name(k)).collect();
            bail!(
                "unknown environment variable {var}: no config key matches it (known: LODESTONE_CONFIG, {})",
                known.join(", ")
            );
        };
        let parsed = if matches!(
            *key,
            "database.url" | "import.default_source" | "log.level" | "torznab.api_key"
        ) {
            Value::from(value.clone())
        } else {
            Value::from_str(value).unwrap_or_else(|_| Value::from(value.clone()))
        };
        figment = figment.merge(Layer::value(
            format!("environment variable {var}"),
            key,
            parsed,
        ));
    }
    for (key, value, flag) in cli {
        figment = figment.merge(Layer::value(format!("command line {flag}"), key, value));
    }

    let config: Config = figment
        .extract()
        .map_err(|e| anyhow::anyhow!(describe_error(e)))?;
    let loaded = Loaded {
        config,
        file,
        figment,
    };
    loaded.validate()?;
    Ok(loaded)
}

/// `./lodestone.yml`, then `$XDG_CONFIG_HOME/lodestone/config.yml` (or
/// `~/.config/...`), then `/etc/lodestone/config.yml`.
fn default_config_files() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("lodestone.yml")];
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        files.push(PathBuf::from(dir).join("lodestone/config.yml"));
    } else if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        files.push(PathBuf::from(home).join(".config/lodestone/config.yml"));
    }
    files.push(PathBuf::from("/etc/lodestone/config.yml"));
    files
}

pub fn env_name(key: &str) -> String {
    format!("LODESTONE_{}", key.replace('.', "_").to_ascii_uppercase())
}

fn yaml_file(path: &Path) -> anyhow::Result<Layer> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config file {}", path.display()))?;
    let dict: Dict = if text.trim().is_empty() {
        Dict::new()
    } else {
        serde_saphyr::from_str(&text).map_err(|e| {
            let message = e.to_string();
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            anyhow::anyhow!("config file {}: {message}", path.display())
        })?
    };
    Ok(Layer::new(
        format!("config file {}", path.display()),
        Some(path.to_path_buf()),
        dict,
    ))
}

/// One named layer of values.
struct Layer {
    name: String,
    file: Option<PathBuf>,
    dict: Dict,
}

impl Layer {
    fn new(name: impl Into<String>, file: Option<PathBuf>, dict: Dict) -> Self {
        Self {
            name: name.into(),
            file,
            dict,
        }
    }

    fn value(name: impl Into<String>, key: &str, value: Value) -> Self {
        Self::new(
            name,
            None,
            figment::util::nest(key, value)
                .into_dict()
                .unwrap_or_default(),
        )
    }
}

impl Provider for Layer {
    fn metadata(&self) -> Metadata {
        match &self.file {
            Some(file) => Metadata::from(self.name.clone(), figment::Source::File(file.clone())),
            None => Metadata::named(self.name.clone()),
        }
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(self.dict.clone()))
    }
}

fn describe_error(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let from = e
                .metadata
                .as_ref()
                .map(|m| format!(" (set by {})", m.name))
                .unwrap_or_default();
            if key.is_empty() {
                format!("config: {}{from}", e.kind)
            } else {
                format!("config key {key}: {}{from}", e.kind)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Loaded {
    /// The layer that set `key`: "default", "config file ...", "environment variable
    /// ...", "command line ...", or "unset".
    pub fn origin(&self, key: &str) -> String {
        match self.figment.find_value(key) {
            Ok(_) => self
                .figment
                .find_metadata(key)
                .map(|m| m.name.to_string())
                .unwrap_or_else(|| "default".into()),
            Err(_) => "unset".into(),
        }
    }

    fn error(&self, key: &str, message: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!("config key {key}: {message} (set by {})", self.origin(key))
    }

    fn validate(&self) -> anyhow::Result<()> {
        let c = &self.config;
        if c.data_dir.as_os_str().is_empty() {
            return Err(self.error("data_dir", "must not be empty"));
        }
        if !(1..=100_000).contains(&c.import.batch_size) {
            return Err(self.error(
                "import.batch_size",
                format!(
                    "must be between 1 and 100000, found {}",
                    c.import.batch_size
                ),
            ));
        }
        if !(1..=16).contains(&c.import.writers) {
            return Err(self.error(
                "import.writers",
                format!("must be between 1 and 16, found {}", c.import.writers),
            ));
        }
        if !(2..=1000).contains(&c.database.max_connections) {
            return Err(self.error(
                "database.max_connections",
                format!(
                    "must be between 2 and 1000, found {}",
                    c.database.max_connections
                ),
            ));
        }
        let source = &c.import.default_source;
        if !lodestone_store::torrents::is_source_key(source) {
            return Err(self.error(
                "import.default_source",
                format!(
                    "{source:?} is not a source key (lower-case letters, digits, '.', '_', '-')"
                ),
            ));
        }
        if let Some(url) = &c.database.url {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(self.error(
                    "database.url",
                    "not a PostgreSQL URL: expected postgres://user:password@host:port/database",
                ));
            }
            if let Err(e) = sqlx::postgres::PgConnectOptions::from_str(url) {
                return Err(self.error("database.url", format!("not a PostgreSQL URL: {e}")));
            }
        }
        if !(16..=4096).contains(&c.search.writer_memory_mb) {
            return Err(self.error(
                "search.writer_memory_mb",
                format!(
                    "must be between 16 and 4096, found {}",
                    c.search.writer_memory_mb
                ),
            ));
        }
        if let Err(e) = c.torznab.validate() {
            let key = if e.starts_with("torznab.api_key") {
                "torznab.api_key"
            } else {
                "torznab.profiles"
            };
            return Err(anyhow::anyhow!("config: {e} (set by {})", self.origin(key)));
        }
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&c.log.level) {
            return Err(self.error("log.level", format!("not a log filter: {e}")));
        }
        Ok(())
    }

    /// `config show`: every key, its effective value and where it came from.
    pub fn show(&self) -> String {
        let mut rows = Vec::new();
        for key in KEYS {
            let value = match self.figment.find_value(key) {
                Ok(v) => display_value(key, &v),
                Err(_) => match *key {
                    "database.url" => "(unset: embedded cluster in <data_dir>/postgres)".into(),
                    "database.embedded.bin_dir" => "(unset: found automatically)".into(),
                    "search.index_dir" => "(unset: <data_dir>/index)".into(),
                    _ => "(unset)".into(),
                },
            };
            rows.push((key.to_string(), value, self.origin(key)));
        }
        let key_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let value_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).min(60);
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&format!("# config file: {}\n", file.display()));
        } else {
            out.push_str("# config file: none\n");
        }
        for (key, value, origin) in rows {
            out.push_str(&format!(
                "{key:key_width$}  {value:value_width$}  # {origin}\n"
            ));
        }
        out
    }
}

fn display_value(key: &str, value: &Value) -> String {
    let text = match value {
        Value::String(_, s) => s.clone(),
        Value::Char(_, c) => c.to_string(),
        Value::Bool(_, b) => b.to_string(),
        Value::Num(_, n) => match n.to_u128() {
            Some(u) => u.to_string(),
            None => n
                .to_i128()
                .map(|i| i.to_string())
                .unwrap_or_else(|| format!("{:?}", n.to_f64())),
        },
        other => format!("{other:?}"),
    };
    if key == "torznab.api_key" {
        "****".to_string()
    } else if key == "torznab.profiles" {
        match value {
            Value::Dict(_, d) => {
                let names: Vec<&str> = d.keys().map(String::as_str).collect();
                format!("[{}]", names.join(", "))
            }
            _ => text,
        }
    } else if key == "database.url" {
        redact_password(&text)
    } else {
        text
    }
}

/// `postgres://user:secret@host/db` -> `postgres://user:****@host/db`.
pub fn redact_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.find('@') else {
        return url.to_string();
    };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:****{}",
            &url[..scheme_end + 3],
            &userinfo[..colon],
            &rest[at..]
        ),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::Builder::new().suffix(".yml").tempfile().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    #[test]
    fn layers_apply_in_order_and_are_reported() {
        let f = file("http:\n  addr: 127.0.0.1:4000\nimport:\n  batch_size: 10\n  writers: 3\n");
        let loaded = load(
            Some(f.path()),
            &env(&[
                ("LODESTONE_IMPORT_BATCH_SIZE", "20"),
                ("DATABASE_URL", "postgres://u:s3cret-pass@h/db"),
            ]),
            vec![("import.writers", Value::from(4u32), "--writers")],
        )
        .unwrap();
        assert_eq!(loaded.config.http.addr, "127.0.0.1:4000".parse().unwrap());
        assert_eq!(loaded.config.import.batch_size, 20);
        assert_eq!(loaded.config.import.writers, 4);
        assert_eq!(
            loaded.config.database.url.as_deref(),
            Some("postgres://u:s3cret-pass@h/db")
        );
        assert_eq!(
            loaded.origin("http.addr"),
            format!("config file {}", f.path().display())
        );
        assert_eq!(
            loaded.origin("import.batch_size"),
            "environment variable LODESTONE_IMPORT_BATCH_SIZE"
        );
        assert_eq!(loaded.origin("import.writers"), "command line --writers");
        assert_eq!(loaded.origin("log.level"), "default");
        assert_eq!(loaded.origin("database.embedded.bin_dir"), "unset");
        let shown = loaded.show();
        assert!(shown.contains("postgres://u:****@h/db"), "{shown}");
        assert!(!shown.contains("s3cret-pass"), "{shown}");
        for key in KEYS {
            assert!(shown.contains(key), "{key} missing from {shown}");
        }
    }

    #[test]
    fn unknown_file_key_is_named() {
        let f = file("http:\n  adr: 127.0.0.1:4000\n");
        let err = load(Some(f.path()), &env(&[]), vec![])
            .unwrap_err()
            .to_string();
        assert!(err.contains("config key http"), "{err}");
        assert!(err.contains("adr"), "{err}");
    }

    #[test]
    fn bad_value_names_key_and_layer() {
        let err = load(
            None,
            &env(&[("LODESTONE_DATABASE_MAX_CONNECTIONS", "lots")]),
            vec![],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("database.max_connections"), "{err}");
        assert!(err.contains("LODESTONE_DATABASE_MAX_CONNECTIONS"), "{err}");

        let err = load(None, &env(&[("LODESTONE_IMPORT_BATCH_SIZE", "0")]), vec![])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config key import.batch_size: must be between 1 and 100000, found 0 (set by environment variable LODESTONE_IMPORT_BATCH_SIZE)"
        );

        let err = load(None, &env(&[("DATABASE_URL", "mysql://x")]), vec![])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config key database.url: not a PostgreSQL URL"),
            "{err}"
        );
    }

    #[test]
    fn unknown_environment_variable_is_an_error() {
        let err = load(None, &env(&[("LODESTONE_HTTP_ADRESS", "x")]), vec![])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("unknown environment variable LODESTONE_HTTP_ADRESS"),
            "{err}"
        );
        assert!(err.contains("LODESTONE_HTTP_ADDR"), "{err}");
    }

    #[test]
    fn yaml_syntax_error_gives_position() {
        let f = file("http:\n  addr: [unclosed\n");
        let err = load(Some(f.path()), &env(&[]), vec![])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("config file {}", f.path().display())),
            "{err}"
        );
        assert!(err.contains("line 2 column 9"), "{err}");
    }

    #[test]
    fn the_example_config_loads_with_every_section() {
        let f = file(include_str!("../../../deploy/config.example.yml"));
        let loaded = load(Some(f.path()), &env(&[]), vec![]).unwrap();
        assert_eq!(loaded.config.search.writer_memory_mb, 128);
        assert!(loaded.config.torznab.profiles.is_empty());
    }

    #[test]
    fn torznab_profiles_are_validated_and_the_api_key_redacted() {
        let f = file(
            "torznab:\n  api_key: hunter2\n  profiles:\n    movies:\n      content_types: [movie]\n",
        );
        let loaded = load(Some(f.path()), &env(&[]), vec![]).unwrap();
        assert_eq!(
            loaded.config.torznab.profiles["movies"].content_types,
            ["movie"]
        );
        let shown = loaded.show();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("torznab.profiles"), "{shown}");
        assert!(shown.contains("[movies]"), "{shown}");

        let f = file("torznab:\n  profiles:\n    movies:\n      content_types: [moovie]\n");
        let err = load(Some(f.path()), &env(&[]), vec![])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("torznab.profiles.movies.content_types") && err.contains("moovie"),
            "{err}"
        );
        assert!(err.contains("config file"), "{err}");

        let f = file("search:\n  writer_memory_mb: 4\n");
        let err = load(Some(f.path()), &env(&[]), vec![])
            .unwrap_err()
            .to_string();
        assert!(err.contains("search.writer_memory_mb"), "{err}");
    }

    #[test]
    fn every_key_maps_to_an_env_name() {
        assert_eq!(
            env_name("database.embedded.run_as"),
            "LODESTONE_DATABASE_EMBEDDED_RUN_AS"
        );
        for key in KEYS {
            let var = env_name(key);
            let value = match *key {
                "http.addr" => "127.0.0.1:1",
                "database.url" => "postgres://localhost/x",
                "database.max_connections" | "import.batch_size" | "import.writers" => "3",
                "import.default_source" => "abc",
                "log.level" => "debug",
                "search.writer_memory_mb" => "64",
                "torznab.api_key" => "secret",
                "torznab.profiles" => "{movies={content_types=[movie]}}",
                _ => "/tmp/x",
            };
            let loaded = load(None, &env(&[(var.as_str(), value)]), vec![]).unwrap();
            assert_eq!(loaded.origin(key), format!("environment variable {var}"));
        }
    }

    #[test]
    fn redacts_only_the_password() {
        assert_eq!(
            redact_password("postgres://a:b@h:5432/d"),
            "postgres://a:****@h:5432/d"
        );
        assert_eq!(redact_password("postgres://a@h/d"), "postgres://a@h/d");
        assert_eq!(redact_password("postgres://h/d"), "postgres://h/d");
    }
}
