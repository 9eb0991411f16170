//! The embedded default: a PostgreSQL cluster that the node runs itself.
//!
//! With no server URL configured, the node keeps a cluster under
//! `<data_dir>/postgres/` made with the system's PostgreSQL binaries:
//!
//! ```text
//! <data_dir>/postgres/data/          the cluster (initdb), created once
//! <data_dir>/postgres/run/           its Unix socket; it listens on no TCP port
//! <data_dir>/postgres/postgres.log   the server log
//! ```
//!
//! [`ManagedPostgres::start`] creates the cluster on first use, starts the server
//! unless it is already running, and creates the `lodestone` database. The process that
//! starts the server owns it (`<data_dir>/postgres/owner.pid`) and stops it in
//! [`ManagedPostgres::stop`]. Another process finding the server running (a CLI command
//! next to a running node) shares it and leaves it running; one finding it running
//! with a dead owner (a node killed with SIGKILL) takes it over.
//!
//! PostgreSQL refuses to run as root. A node running as root runs the cluster's
//! processes as an unprivileged user (`run_as`, default `postgres`) that owns
//! `<data_dir>/postgres`.

use std::path::{Path, PathBuf};
use std::process::Output;

use sqlx::ConnectOptions;
use sqlx::postgres::PgConnectOptions;
use tokio::process::Command;

use crate::{Result, StoreError};

/// Superuser and database of the managed cluster.
pub const USER: &str = "lodestone";
pub const DATABASE: &str = "lodestone";

#[derive(Debug, Clone)]
pub struct ManagedOptions {
    /// The node's data directory; the cluster lives in `<data_dir>/postgres`.
    pub data_dir: PathBuf,
    /// Where `initdb`, `pg_ctl` and `postgres` are; found when `None`.
    pub bin_dir: Option<PathBuf>,
    /// User that runs the cluster when this process is root.
    pub run_as: String,
}

/// A running managed cluster.
#[derive(Debug)]
pub struct ManagedPostgres {
    bin_dir: PathBuf,
    root: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    run_as: Option<(nix::unistd::Uid, nix::unistd::Gid, String)>,
    /// Whether this process started the server.
    started: bool,
    /// Whether this process owns the server (started it, or took it over from a dead
    /// owner) and so stops it.
    owner: bool,
    /// Whether this process created the cluster.
    created: bool,
}

impl ManagedPostgres {
    /// Creates the cluster if needed, starts it if needed, creates the database.
    pub async fn start(options: &ManagedOptions) -> Result<Self> {
        let bin_dir = match &options.bin_dir {
            Some(dir) => {
                if !has_server_binaries(dir) {
                    return Err(StoreError::PostgresNotFound {
                        searched: dir.display().to_string(),
                    });
                }
                dir.clone()
            }
            None => find_bin_dir().await?,
        };
        let root = absolute(&options.data_dir.join("postgres"))?;
        let data = root.join("data");
        let socket_dir = root.join("run");
        // Unix socket paths are limited to 107 bytes (sockaddr_un).
        let socket_path_len = socket_dir.join(".s.PGSQL.5432").as_os_str().len();
        if socket_path_len > 107 {
            return Err(StoreError::Embedded(format!(
                "the data directory path is too long for a Unix socket ({} > 107 bytes in {}); \
                 use a shorter data directory",
                socket_path_len,
                socket_dir.display()
            )));
        }
        let run_as = if nix::unistd::geteuid().is_root() {
            let user = nix::unistd::User::from_name(&options.run_as)
                .map_err(|e| StoreError::Embedded(format!("looking up user {}: {e}", options.run_as)))?
                .ok_or_else(|| {
                    StoreError::Embedded(format!(
                        "running as root, the embedded PostgreSQL must run as another user, and user \
                         {:?} (database.embedded.run_as) does not exist; create it, set another, \
                         or run the node as a normal user",
                        options.run_as
                    ))
                })?;
            Some((user.uid, user.gid, options.run_as.clone()))
        } else {
            None
        };
        let mut cluster = Self {
            bin_dir,
            root,
            data,
            socket_dir,
            run_as,
            started: false,
            owner: false,
            created: false,
        };
        cluster.prepare_dirs().await?;
        if !cluster.data.join("PG_VERSION").exists() {
            cluster.initdb().await?;
            cluster.created = true;
        }
        if !cluster.is_running().await? {
            cluster.start_server().await?;
            cluster.started = true;
            cluster.owner = true;
        } else {
            match cluster.live_owner() {
                Some(pid) => {
                    tracing::info!(data = %cluster.data.display(), owner = pid, "embedded PostgreSQL already running; sharing it");
                }
                None => {
                    tracing::info!(data = %cluster.data.display(), "embedded PostgreSQL left running by a process that is gone; taking it over");
                    cluster.owner = true;
                }
            }
        }
        if cluster.owner {
            cluster.write_owner()?;
        }
        cluster.create_database().await?;
        Ok(cluster)
    }

    /// Connection options for the node's database (over the Unix socket).
    pub fn connect_options(&self) -> PgConnectOptions {
        self.connect_options_for(DATABASE)
    }

    fn connect_options_for(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(&self.socket_dir)
            .port(5432)
            .username(USER)
            .database(database)
            .application_name("lodestone")
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// Whether this process created the cluster (first start).
    pub fn created(&self) -> bool {
        self.created
    }

    /// Whether this process started the server (false: it was already running).
    pub fn started(&self) -> bool {
        self.started
    }

    /// Whether this process owns the server and stops it in [`Self::stop`].
    pub fn owner(&self) -> bool {
        self.owner
    }

    fn owner_file(&self) -> PathBuf {
        self.root.join("owner.pid")
    }

    /// The pid in the owner file if that process is alive.
    fn live_owner(&self) -> Option<i32> {
        let pid: i32 = std::fs::read_to_string(self.owner_file())
            .ok()?
            .trim()
            .parse()
            .ok()?;
        let alive = match nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None) {
            Ok(()) => true,
            Err(e) => e == nix::errno::Errno::EPERM,
        };
        (alive && pid != 0).then_some(pid)
    }

    fn write_owner(&self) -> Result<()> {
        let path = self.owner_file();
        std::fs::write(&path, std::process::id().to_string()).map_err(|source| StoreError::Io {
            path,
            action: "writing",
            source,
        })
    }

    /// Stops the server if this process owns it.
    pub async fn stop(self) -> Result<()> {
        if !self.owner {
            return Ok(());
        }
        let data = self.data.display().to_string();
        self.run_checked(
            "pg_ctl",
            &["stop", "-D", &data, "-m", "fast", "-w", "-t", "60", "-s"],
        )
        .await?;
        std::fs::remove_file(self.owner_file()).ok();
        tracing::info!(data = %data, "embedded PostgreSQL stopped");
        Ok(())
    }

    async fn prepare_dirs(&self) -> Result<()> {
        for dir in [&self.root, &self.socket_dir] {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.clone(),
                action: "creating directory",
                source,
            })?;
        }
        if let Some((uid, gid, user)) = &self.run_as {
            for dir in [&self.root, &self.socket_dir] {
                nix::unistd::chown(dir.as_path(), Some(*uid), Some(*gid)).map_err(|e| {
                    StoreError::Io {
                        path: dir.clone(),
                        action: "giving the embedded PostgreSQL's user ownership",
                        source: e.into(),
                    }
                })?;
            }
            // The user must reach the directory through every parent.
            let root = self.root.display().to_string();
            let probe = self
                .command("/bin/sh")
                .args(["-c", "test -w \"$1\" && test -x \"$1\"", "sh", &root])
                .output()
                .await
                .map_err(|source| StoreError::Spawn {
                    program: "/bin/sh".into(),
                    source,
                })?;
            if !probe.status.success() {
                return Err(StoreError::Embedded(format!(
                    "the embedded PostgreSQL runs as user {user} (database.embedded.run_as), \
                     which cannot reach {root}; use a data directory that user can reach \
                     (e.g. /var/lib/lodestone) or set DATABASE_URL to use an existing server"
                )));
            }
        }
        Ok(())
    }

    async fn initdb(&self) -> Result<()> {
        let data = self.data.display().to_string();
        tracing::info!(data = %data, "creating the embedded PostgreSQL cluster");
        self.run_checked(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-instructions",
            ],
        )
        .await?;
        // Socket only, in our own directory: no TCP port to collide with, and only this
        // user (and root) can connect.
        let conf = format!(
            "\n# lodestone: embedded cluster settings\n\
             listen_addresses = ''\n\
             unix_socket_directories = '{}'\n\
             unix_socket_permissions = 0700\n\
             max_connections = 64\n\
             shared_buffers = 256MB\n\
             max_wal_size = 2GB\n\
             checkpoint_timeout = 15min\n",
            self.socket_dir.display().to_string().replace('\'', "''")
        );
        let conf_path = self.data.join("postgresql.conf");
        let mut existing =
            std::fs::read_to_string(&conf_path).map_err(|source| StoreError::Io {
                path: conf_path.clone(),
                action: "reading",
                source,
            })?;
        existing.push_str(&conf);
        std::fs::write(&conf_path, existing).map_err(|source| StoreError::Io {
            path: conf_path.clone(),
            action: "writing",
            source,
        })?;
        Ok(())
    }

    async fn is_running(&self) -> Result<bool> {
        let data = self.data.display().to_string();
        let out = self.run("pg_ctl", &["status", "-D", &data]).await?;
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        Ok(out.status.success())
    }

    async fn start_server(&self) -> Result<()> {
        let data = self.data.display().to_string();
        let log = self.root.join("postgres.log").display().to_string();
        tracing::info!(data = %data, log = %log, "starting the embedded PostgreSQL");
        self.run_checked(
            "pg_ctl",
            &["start", "-D", &data, "-l", &log, "-w", "-t", "120", "-s"],
        )
        .await
        .map_err(|e| match e {
            StoreError::ClusterCommand {
                command,
                status,
                output,
            } => StoreError::ClusterCommand {
                command,
                status,
                output: format!("{output} (see {log})"),
            },
            other => other,
        })
    }

    async fn create_database(&self) -> Result<()> {
        let mut conn = self.connect_options_for("postgres").connect().await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(DATABASE)
                .fetch_one(&mut conn)
                .await?;
        if !exists {
            // Must match DATABASE; a literal, as sqlx wants for statements.
            sqlx::query("CREATE DATABASE lodestone")
                .execute(&mut conn)
                .await?;
        }
        Ok(())
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        // A process group of its own: a Ctrl-C at the terminal reaches the node, which
        // shuts down and then stops the cluster, and not the cluster directly.
        cmd.kill_on_drop(false).current_dir("/").process_group(0);
        if let Some((uid, gid, _)) = &self.run_as {
            cmd.uid(uid.as_raw()).gid(gid.as_raw());
        }
        cmd
    }

    async fn run(&self, tool: &str, args: &[&str]) -> Result<Output> {
        let program = self.bin_dir.join(tool);
        let mut cmd = self.command(&program.display().to_string());
        cmd.args(args)
            .stdin(std::process::Stdio::null())
            .env("LC_ALL", "C");
        cmd.output().await.map_err(|source| StoreError::Spawn {
            program: program.display().to_string(),
            source,
        })
    }

    async fn run_checked(&self, tool: &str, args: &[&str]) -> Result<()> {
        let out = self.run(tool, args).await?;
        if out.status.success() {
            return Ok(());
        }
        let mut output = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if output.is_empty() {
            output = String::from_utf8_lossy(&out.stdout).trim().to_string();
        }
        Err(StoreError::ClusterCommand {
            command: format!("{tool} {}", args.first().copied().unwrap_or_default()),
            status: out.status.to_string(),
            output,
        })
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        action: "resolving path",
        source,
    })
}

fn has_server_binaries(dir: &Path) -> bool {
    ["initdb", "pg_ctl", "postgres"]
        .iter()
        .all(|b| dir.join(b).is_file())
}

/// `pg_config --bindir` when it has the server binaries (with only libpq's pg_config
/// it names /usr/bin, which has none), else the newest `/usr/lib/postgresql/*/bin`.
pub async fn find_bin_dir() -> Result<PathBuf> {
    let mut searched = Vec::new();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output().await
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_server_binaries(&dir) {
            return Ok(dir);
        }
        searched.push(dir.display().to_string());
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, dir)| has_server_binaries(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    searched.push("/usr/lib/postgresql/*/bin".into());
    Err(StoreError::PostgresNotFound {
        searched: searched.join(", "),
    })
}
