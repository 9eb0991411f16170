use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The `lodestone` binary of this build (`target/<profile>/lodestone`).
pub fn lodestone_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let mut dir = exe.parent().expect("exe dir").to_path_buf();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let bin = dir.join("lodestone");
    assert!(
        bin.is_file(),
        "{} not found: build it first (cargo build -p lodestone)",
        bin.display()
    );
    bin
}

/// A `lodestone` command with a clean environment: no inherited `LODESTONE_*` or
/// `DATABASE_URL`, so each test says exactly what the node sees.
pub fn lodestone() -> Command {
    let mut cmd = Command::new(lodestone_bin());
    for (key, _) in std::env::vars() {
        if key.starts_with("LODESTONE_") || key == "DATABASE_URL" {
            cmd.env_remove(&key);
        }
    }
    cmd.env("RUST_LOG", "info").kill_on_drop(true);
    cmd
}

#[derive(Debug, Clone)]
pub struct NodeOptions {
    pub data_dir: PathBuf,
    /// None: the embedded cluster.
    pub database_url: Option<String>,
    pub extra_env: Vec<(String, String)>,
}

impl NodeOptions {
    pub fn new(data_dir: &Path, database_url: Option<&str>) -> Self {
        Self {
            data_dir: data_dir.to_path_buf(),
            database_url: database_url.map(str::to_string),
            extra_env: Vec::new(),
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.extra_env.push((key.to_string(), value.to_string()));
        self
    }
}

/// An HTTP import whose request body stays open until [`HeldImport::finish`].
#[derive(Debug)]
pub struct HeldImport {
    body: tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    response: tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
}

impl HeldImport {
    /// Sends more of the body.
    pub async fn send(&self, bytes: &[u8]) {
        self.body
            .send(Ok(bytes.to_vec()))
            .await
            .expect("request alive");
    }

    /// Ends the body and returns the response text.
    pub async fn finish(self) -> String {
        drop(self.body);
        let response = self
            .response
            .await
            .expect("request task")
            .expect("response");
        response.text().await.expect("response body")
    }
}

/// A running `lodestone run` on a loopback port chosen by the OS.
#[derive(Debug)]
pub struct Node {
    child: Child,
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Node {
    pub async fn start(options: &NodeOptions) -> anyhow::Result<Self> {
        let mut cmd = lodestone();
        cmd.arg("run")
            .arg("--http-addr")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(&options.data_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(url) = &options.database_url {
            cmd.env("DATABASE_URL", url);
        }
        for (k, v) in &options.extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().context("spawning lodestone run")?;
        let stderr = child.stderr.take().expect("piped stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
        let log_writer = log.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            let mut addr_tx = Some(addr_tx);
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(rest) = line.split("lodestone listening on http://").nth(1)
                    && let Some(Ok(addr)) =
                        rest.split_whitespace().next().map(str::parse::<SocketAddr>)
                    && let Some(tx) = addr_tx.take()
                {
                    let _ = tx.send(addr);
                }
                log_writer.lock().unwrap().push(line);
            }
        });
        let addr = match tokio::time::timeout(Duration::from_secs(120), addr_rx).await {
            Ok(Ok(addr)) => addr,
            _ => {
                let _ = child.kill().await;
                bail!(
                    "node did not start; its log:\n{}",
                    log.lock().unwrap().join("\n")
                );
            }
        };
        Ok(Self { child, addr, log })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `POST /import{query}` with `body`: the status and the whole response text.
    pub async fn import(&self, query: &str, body: impl Into<reqwest::Body>) -> (u16, String) {
        let response = reqwest::Client::new()
            .post(self.url(&format!("/import{query}")))
            .body(body)
            .send()
            .await
            .expect("POST /import");
        let status = response.status().as_u16();
        (status, response.text().await.expect("response body"))
    }

    /// Starts an import whose body stays open, holding the request in flight.
    pub fn import_held_open(&self) -> HeldImport {
        let (body, rx) = tokio::sync::mpsc::channel(4);
        let url = self.url("/import");
        let response = tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .body(reqwest::Body::wrap_stream(
                    tokio_stream::wrappers::ReceiverStream::new(rx),
                ))
                .send()
                .await
        });
        HeldImport { body, response }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    pub fn pid(&self) -> nix::unistd::Pid {
        nix::unistd::Pid::from_raw(self.child.id().expect("running child") as i32)
    }

    /// Ctrl-C, then waits for a clean exit.
    pub async fn interrupt(mut self) -> anyhow::Result<std::process::ExitStatus> {
        nix::sys::signal::kill(self.pid(), nix::sys::signal::Signal::SIGINT)?;
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .context("node did not exit within 60 s of SIGINT")??;
        Ok(status)
    }

    /// SIGKILL: no chance to clean up.
    pub async fn kill(mut self) -> anyhow::Result<()> {
        nix::sys::signal::kill(self.pid(), nix::sys::signal::Signal::SIGKILL)?;
        self.child.wait().await?;
        Ok(())
    }
}

/// A temporary data directory that an unprivileged PostgreSQL user can reach when the
/// tests run as root (the embedded cluster runs as `postgres` then).
pub fn data_dir() -> anyhow::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("lodestone-")
        .tempdir_in("/tmp")?;
    set_mode(dir.path(), 0o755)?;
    Ok(dir)
}

fn set_mode(path: &Path, mode: u32) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    Ok(())
}
