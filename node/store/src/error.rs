use std::path::PathBuf;

/// Errors of the store: the database, its migrations and the managed local cluster.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in {searched}; install them \
         (Debian: apt-get install postgresql) or point DATABASE_URL / database.url at a server"
    )]
    PostgresNotFound { searched: String },
    #[error("{command} failed ({status}): {output}")]
    ClusterCommand {
        command: String,
        status: String,
        output: String,
    },
    #[error("cannot run {program}")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {action}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Embedded(String),
    #[error("invalid value for {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
