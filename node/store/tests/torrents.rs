//! Batched torrent writes against the real PostgreSQL (one database per test).

use lodestone_proto::{ContentType, InfoHash};
use lodestone_store::Store;
use lodestone_store::torrents::{
    CLASSIFY_QUEUE, NewFile, NewTorrent, SourceObservation, TorrentHints,
};
use sqlx::PgPool;

fn hash(n: u32) -> InfoHash {
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    bytes[19] = 0xab;
    InfoHash::from_bytes(&bytes).unwrap()
}

fn torrent(n: u32) -> NewTorrent {
    NewTorrent {
        info_hash: hash(n),
        name: format!("Some.Movie.{n}.2019.1080p.BluRay.x264-GRP"),
        size: 1000 + n as i64,
        private: false,
        files: Some(vec![
            NewFile {
                path: format!("Some.Movie.{n}/movie.mkv"),
                size: 990 + n as i64,
            },
            NewFile {
                path: format!("Some.Movie.{n}/Subs/English.srt"),
                size: 10,
            },
        ]),
        source: SourceObservation {
            key: "rarbg".into(),
            seeders: Some(5),
            leechers: Some(1),
            published_at: Some(time::macros::datetime!(2019-05-01 12:00 UTC)),
        },
        hints: Some(TorrentHints {
            content_type: Some(ContentType::Movie),
            content_source: Some("imdb".into()),
            content_id: Some(format!("tt{n:07}")),
            languages: vec!["en".into(), "fr".into()],
            ..Default::default()
        }),
    }
}

async fn classify_queued(pool: &PgPool) -> Vec<String> {
    let payloads: Vec<serde_json::Value> =
        sqlx::query_scalar("SELECT payload FROM jobs WHERE queue = $1 ORDER BY id")
            .bind(CLASSIFY_QUEUE)
            .fetch_all(pool)
            .await
            .unwrap();
    payloads
        .into_iter()
        .flat_map(|p| {
            p["info_hashes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn batch_write_round_trips(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    let batch: Vec<NewTorrent> = (0..50).map(torrent).collect();
    let outcome = store.torrents().write_batch(&batch).await.unwrap();
    assert_eq!(outcome.inserted, 50);
    assert_eq!(outcome.existing, 0);
    assert_eq!(outcome.queued, 50);
    assert_eq!(store.torrents().count().await.unwrap(), 50);

    let stored = store.torrents().get(&hash(7)).await.unwrap().unwrap();
    let expected = torrent(7);
    assert_eq!(stored.name, expected.name);
    assert_eq!(stored.size, expected.size);
    assert_eq!(stored.files_count, Some(2));
    assert_eq!(stored.files, expected.files.unwrap());
    assert_eq!(stored.origin, 1);
    assert_eq!(stored.sources, vec![expected.source]);
    assert_eq!(stored.hints, expected.hints);
    assert!(store.torrents().get(&hash(999)).await.unwrap().is_none());

    let queued = classify_queued(&pool).await;
    assert_eq!(queued.len(), 50);
    assert!(queued.contains(&hash(7).to_hex()));
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn rewriting_the_same_batch_changes_nothing(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    let batch: Vec<NewTorrent> = (0..20).map(torrent).collect();
    store.torrents().write_batch(&batch).await.unwrap();
    let jobs_before: i64 = sqlx::query_scalar("SELECT count(*) FROM jobs")
        .fetch_one(&pool)
        .await
        .unwrap();

    let again = store.torrents().write_batch(&batch).await.unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(again.existing, 20);
    assert_eq!(again.queued, 0, "nothing changed, nothing to classify");
    let jobs_after: i64 = sqlx::query_scalar("SELECT count(*) FROM jobs")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(jobs_before, jobs_after);
    assert_eq!(store.torrents().count().await.unwrap(), 20);
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn later_writes_fill_files_and_update_hints_and_sources(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    let mut bare = torrent(1);
    bare.files = None;
    bare.hints = None;
    bare.source.seeders = None;
    store.torrents().write_batch(&[bare.clone()]).await.unwrap();
    assert_eq!(
        store
            .torrents()
            .get(&hash(1))
            .await
            .unwrap()
            .unwrap()
            .files_count,
        None
    );

    // Same torrent with files, hints and counts: everything is filled in, name kept.
    let mut full = torrent(1);
    full.name = "A different name".into();
    let outcome = store.torrents().write_batch(&[full.clone()]).await.unwrap();
    assert_eq!(
        (outcome.inserted, outcome.existing, outcome.queued),
        (0, 1, 1)
    );
    let stored = store.torrents().get(&hash(1)).await.unwrap().unwrap();
    assert_eq!(stored.name, bare.name, "the first name is kept");
    assert_eq!(stored.files.len(), 2);
    assert_eq!(stored.hints, full.hints);
    assert_eq!(stored.sources[0].seeders, Some(5));

    // A second source adds a row; null counts do not erase known ones.
    let mut other = torrent(1);
    other.source = SourceObservation {
        key: "dht".into(),
        seeders: None,
        leechers: None,
        published_at: None,
    };
    other.hints = None;
    store.torrents().write_batch(&[other]).await.unwrap();
    let stored = store.torrents().get(&hash(1)).await.unwrap().unwrap();
    assert_eq!(stored.sources.len(), 2);
    assert_eq!(
        stored
            .sources
            .iter()
            .find(|s| s.key == "rarbg")
            .unwrap()
            .seeders,
        Some(5)
    );
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn deleted_hashes_are_never_stored_again(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    store
        .torrents()
        .write_batch(&[torrent(1), torrent(2)])
        .await
        .unwrap();
    let removed = store
        .deletions()
        .delete(&[hash(1), hash(3)], Some("test"))
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert!(store.deletions().is_deleted(&hash(3)).await.unwrap());
    let files: i64 = sqlx::query_scalar("SELECT count(*) FROM torrent_files WHERE info_hash = $1")
        .bind(hash(1).as_bytes().as_slice())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(files, 0, "files cascade with the torrent");

    let outcome = store
        .torrents()
        .write_batch(&[torrent(1), torrent(3), torrent(4)])
        .await
        .unwrap();
    assert_eq!(outcome.inserted, 1);
    let mut skipped = outcome.skipped_deleted.clone();
    skipped.sort_by_key(|h| h.to_hex());
    assert_eq!(skipped, vec![hash(1), hash(3)]);
    assert!(store.torrents().get(&hash(1)).await.unwrap().is_none());
    assert!(store.torrents().get(&hash(4)).await.unwrap().is_some());
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn concurrent_overlapping_batches_do_not_fail(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    let mut tasks = Vec::new();
    for w in 0..4u32 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            // Each writer covers an overlapping window, in a different order.
            let mut batch: Vec<NewTorrent> = (w * 50..w * 50 + 200).map(torrent).collect();
            if w % 2 == 1 {
                batch.reverse();
            }
            store.torrents().write_batch(&batch).await
        }));
    }
    let mut inserted = 0;
    for t in tasks {
        inserted += t.await.unwrap().unwrap().inserted;
    }
    assert_eq!(inserted, 350);
    assert_eq!(store.torrents().count().await.unwrap(), 350);
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn storage_bytes_grows_with_data(pool: PgPool) {
    let store = Store::from_pool(pool.clone());
    let before = store.storage_bytes().await.unwrap();
    let batch: Vec<NewTorrent> = (0..2000).map(torrent).collect();
    store.torrents().write_batch(&batch).await.unwrap();
    let after = store.storage_bytes().await.unwrap();
    assert!(after > before, "{before} -> {after}");
}
