//! The embedded default: a cluster created once, reused, and stopped.

use std::os::unix::fs::PermissionsExt;

use lodestone_store::Store;
use lodestone_store::managed::{ManagedOptions, ManagedPostgres};

fn data_dir() -> tempfile::TempDir {
    // Under /tmp and world-traversable: as root the cluster runs as `postgres`.
    let dir = tempfile::Builder::new()
        .prefix("lodestone-pg-")
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[tokio::test]
async fn cluster_is_created_once_reused_and_stopped() {
    let dir = data_dir();
    let options = ManagedOptions {
        data_dir: dir.path().to_path_buf(),
        bin_dir: None,
        run_as: "postgres".into(),
    };
    let pid_file = dir.path().join("postgres/data/postmaster.pid");

    let first = ManagedPostgres::start(&options).await.unwrap();
    assert!(first.created() && first.started() && first.owner());
    assert!(pid_file.exists());
    let store = Store::connect(first.connect_options(), 2).await.unwrap();
    store.migrate().await.unwrap();
    sqlx::query("INSERT INTO sources (key, name) VALUES ('kept', 'Kept')")
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;

    // A second handle while it runs reuses the server and does not stop it.
    let second = ManagedPostgres::start(&options).await.unwrap();
    assert!(!second.created() && !second.started() && !second.owner());
    second.stop().await.unwrap();
    assert!(
        pid_file.exists(),
        "a handle that did not start the server leaves it running"
    );

    first.stop().await.unwrap();
    assert!(!pid_file.exists(), "server stopped");

    // Next start: same cluster, data kept.
    let third = ManagedPostgres::start(&options).await.unwrap();
    assert!(!third.created() && third.started());
    let store = Store::connect(third.connect_options(), 2).await.unwrap();
    let kept: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sources WHERE key = 'kept')")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(kept);
    store.close().await;
    third.stop().await.unwrap();
    assert!(!pid_file.exists());
}

#[tokio::test]
async fn missing_binaries_are_a_clear_error() {
    let dir = data_dir();
    let err = ManagedPostgres::start(&ManagedOptions {
        data_dir: dir.path().to_path_buf(),
        bin_dir: Some(dir.path().join("nowhere")),
        run_as: "postgres".into(),
    })
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("PostgreSQL server binaries"), "{err}");
    assert!(err.contains("DATABASE_URL"), "{err}");
}

/// As root the cluster runs as `postgres`, which must reach the data directory; a
/// directory it cannot reach gets an error that says so and what to do. (As a normal
/// user the same directory is the user's own and works.)
#[tokio::test]
async fn unreachable_data_dir_is_explained() {
    let private = tempfile::Builder::new()
        .prefix("lodestone-private-")
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(private.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let options = ManagedOptions {
        data_dir: private.path().join("data"),
        bin_dir: None,
        run_as: "postgres".into(),
    };
    let result = ManagedPostgres::start(&options).await;
    if nix::unistd::geteuid().is_root() {
        let err = result.unwrap_err().to_string();
        assert!(err.contains("runs as user postgres"), "{err}");
        assert!(err.contains("cannot reach"), "{err}");
        assert!(err.contains("DATABASE_URL"), "{err}");
    } else {
        result.unwrap().stop().await.unwrap();
    }
}
