use anyhow::Context;
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use std::str::FromStr;

/// The server tests create their databases on.
pub fn server_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database of its own for one test, dropped when the value is dropped.
#[derive(Debug)]
pub struct TestDb {
    name: String,
    server: String,
    url: String,
}

impl TestDb {
    pub async fn create() -> anyhow::Result<Self> {
        let server = server_url();
        let name = format!(
            "lodestone_test_{}_{}",
            std::process::id(),
            rand::random::<u64>() % 1_000_000_000
        );
        let mut conn = PgConnection::connect(&server)
            .await
            .with_context(|| format!("connecting to the test server {server}"))?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        conn.close().await.ok();
        let url = with_database(&server, &name);
        Ok(Self { name, server, url })
    }

    /// URL of this test's database.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub async fn connect(&self) -> anyhow::Result<lodestone_store::Store> {
        let options = PgConnectOptions::from_str(&self.url)?;
        Ok(lodestone_store::Store::connect(options, 4).await?)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop runs outside async context; use a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let mut conn = PgConnection::connect(&server).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// `postgres://u@h:1/old?x=y` with the database replaced.
fn with_database(url: &str, database: &str) -> String {
    let start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let (head, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let authority_end = head[start..]
        .find('/')
        .map(|i| start + i)
        .unwrap_or(head.len());
    format!("{}/{database}{query}", &head[..authority_end])
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database() {
        assert_eq!(
            super::with_database("postgres://u@h:1/old?x=y", "n"),
            "postgres://u@h:1/n?x=y"
        );
        assert_eq!(
            super::with_database("postgres://u@h", "n"),
            "postgres://u@h/n"
        );
    }
}
