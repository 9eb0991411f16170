//! Torrents and what hangs off them: files, sources, hints.
//!
//! Writes come in batches ([`Torrents::write_batch`]): each table gets one statement
//! per batch that binds whole columns as arrays and expands them with `UNNEST`, all in
//! one transaction, so a batch is either entirely committed or not at all.
//!
//! Merge rules when a torrent is already known (re-import, or seen by two sources):
//! - the torrent row (name, size, private) keeps what was stored first: it describes
//!   the info dictionary, which the info hash fixes;
//! - files are filled in when the stored torrent has none;
//! - a source row (seeders, leechers, published_at) takes the newest non-null values;
//! - hints take the newest values;
//! - torrents that are new, or whose files or hints changed, are queued once for
//!   classification; a batch that changes nothing writes nothing and queues nothing,
//!   which is what makes re-imports idempotent.
//! - deleted info hashes are skipped and reported.

use std::collections::{HashMap, HashSet};

use lodestone_proto::{ContentType, Episodes, InfoHash};
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;

use crate::jobs::{self, NewJob};
use crate::{Result, StoreError};

/// The queue that classification jobs go to; payload `{"info_hashes": ["<hex>", ...]}`.
pub const CLASSIFY_QUEUE: &str = "classify";

/// Whether `key` is a valid source key: `^[a-z0-9][a-z0-9._-]{0,63}$`, as the
/// `sources.key` CHECK constraint says.
pub fn is_source_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphanumeric()
        && !bytes[0].is_ascii_uppercase()
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// A torrent to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTorrent {
    pub info_hash: InfoHash,
    pub name: String,
    pub size: i64,
    pub private: bool,
    /// `None` when the file list is unknown (e.g. an import without `files`).
    pub files: Option<Vec<NewFile>>,
    pub source: SourceObservation,
    pub hints: Option<TorrentHints>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewFile {
    pub path: String,
    pub size: i64,
}

/// What one source says about a torrent.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceObservation {
    /// Source key, `^[a-z0-9][a-z0-9._-]{0,63}$` ("dht", "rarbg", ...).
    pub key: String,
    pub seeders: Option<i32>,
    pub leechers: Option<i32>,
    pub published_at: Option<OffsetDateTime>,
}

/// Classification hints supplied by an importer (bitmagnet's import fields).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TorrentHints {
    pub content_type: Option<ContentType>,
    pub content_source: Option<String>,
    pub content_id: Option<String>,
    pub title: Option<String>,
    pub release_year: Option<i16>,
    pub episodes: Option<Episodes>,
    pub video_resolution: Option<String>,
    pub video_source: Option<String>,
    pub video_codec: Option<String>,
    pub video_3d: Option<String>,
    pub video_modifier: Option<String>,
    pub release_group: Option<String>,
    pub languages: Vec<String>,
}

impl TorrentHints {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What a batch write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    /// Torrents that were not stored before.
    pub inserted: u64,
    /// Torrents already stored (possibly updated: files, sources, hints).
    pub existing: u64,
    /// Torrents skipped because their info hash was deleted on this node.
    pub skipped_deleted: Vec<InfoHash>,
    /// Torrents queued for classification.
    pub queued: u64,
}

/// A stored torrent with its files, sources and hints.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTorrent {
    pub info_hash: InfoHash,
    pub name: String,
    pub size: i64,
    pub private: bool,
    pub files_count: Option<i32>,
    pub origin: i32,
    pub discovered_at: OffsetDateTime,
    pub files: Vec<NewFile>,
    pub sources: Vec<SourceObservation>,
    pub hints: Option<TorrentHints>,
}

/// Repository of torrents.
#[derive(Debug, Clone, Copy)]
pub struct Torrents<'a> {
    pool: &'a PgPool,
}

impl<'a> Torrents<'a> {
    pub(crate) fn new(pool: &'a PgPool) -> Self {
        Self { pool }
    }

    /// Writes a batch in one transaction (see the module docs for the merge rules).
    /// Deadlocks with a concurrent writer are retried.
    pub async fn write_batch(&self, batch: &[NewTorrent]) -> Result<WriteOutcome> {
        // Last occurrence of an info hash in the batch wins; sorting by info hash gives
        // concurrent writers one lock order.
        let mut by_hash: HashMap<InfoHash, &NewTorrent> = HashMap::with_capacity(batch.len());
        for t in batch {
            by_hash.insert(t.info_hash, t);
        }
        let mut rows: Vec<&NewTorrent> = by_hash.into_values().collect();
        rows.sort_unstable_by(|a, b| a.info_hash.as_bytes().cmp(b.info_hash.as_bytes()));

        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut tx = self.pool.begin().await?;
            match write_rows(&mut tx, &rows).await {
                Ok(outcome) => {
                    tx.commit().await?;
                    return Ok(outcome);
                }
                Err(StoreError::Database(e)) if attempt < 5 && is_retryable(&e) => {
                    tracing::debug!(attempt, error = %e, "retrying torrent batch");
                    tx.rollback().await.ok();
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// One torrent with its files, sources and hints.
    pub async fn get(&self, info_hash: &InfoHash) -> Result<Option<StoredTorrent>> {
        let row: Option<(String, i64, bool, Option<i32>, i32, OffsetDateTime)> = sqlx::query_as(
            "SELECT name, size, private, files_count, origin, discovered_at \
             FROM torrents WHERE info_hash = $1",
        )
        .bind(info_hash.as_bytes().as_slice())
        .fetch_optional(self.pool)
        .await?;
        let Some((name, size, private, files_count, origin, discovered_at)) = row else {
            return Ok(None);
        };
        let files: Option<(Vec<String>, Vec<i64>)> =
            sqlx::query_as("SELECT paths, sizes FROM torrent_files WHERE info_hash = $1")
                .bind(info_hash.as_bytes().as_slice())
                .fetch_optional(self.pool)
                .await?;
        let files = files
            .map(|(paths, sizes)| {
                paths
                    .into_iter()
                    .zip(sizes)
                    .map(|(path, size)| NewFile { path, size })
                    .collect()
            })
            .unwrap_or_default();
        let sources: Vec<SourceRow> = sqlx::query_as(
            "SELECT source, seeders, leechers, published_at FROM torrent_sources \
                 WHERE info_hash = $1 ORDER BY source",
        )
        .bind(info_hash.as_bytes().as_slice())
        .fetch_all(self.pool)
        .await?;
        let sources = sources
            .into_iter()
            .map(|(key, seeders, leechers, published_at)| SourceObservation {
                key,
                seeders,
                leechers,
                published_at,
            })
            .collect();
        let hints = self.hints(info_hash).await?;
        Ok(Some(StoredTorrent {
            info_hash: *info_hash,
            name,
            size,
            private,
            files_count,
            origin,
            discovered_at,
            files,
            sources,
            hints,
        }))
    }

    async fn hints(&self, info_hash: &InfoHash) -> Result<Option<TorrentHints>> {
        let row = sqlx::query_as::<_, HintsRow>(
            "SELECT content_type, content_source, content_id, title, release_year, episodes, \
             video_resolution, video_source, video_codec, video_3d, video_modifier, \
             release_group, languages FROM torrent_hints WHERE info_hash = $1",
        )
        .bind(info_hash.as_bytes().as_slice())
        .fetch_optional(self.pool)
        .await?;
        row.map(HintsRow::into_hints).transpose()
    }

    /// Queues torrents for classification again (e.g. after the classifier changed).
    /// Returns how many of them are stored.
    pub async fn queue_classification(&self, hashes: &[InfoHash]) -> Result<u64> {
        let bytes: Vec<&[u8]> = hashes.iter().map(|h| h.as_bytes().as_slice()).collect();
        let mut tx = self.pool.begin().await?;
        let stored: HashSet<Vec<u8>> =
            sqlx::query_scalar("SELECT info_hash FROM torrents WHERE info_hash = ANY($1)")
                .bind(&bytes)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        // In info-hash order, each once.
        let mut queued: Vec<&InfoHash> = hashes
            .iter()
            .filter(|h| stored.contains(h.as_bytes().as_slice()))
            .collect();
        queued.sort_unstable_by_key(|h| h.as_bytes());
        queued.dedup();
        let queued: Vec<String> = queued.into_iter().map(InfoHash::to_hex).collect();
        for chunk in queued.chunks(2000) {
            enqueue_classification(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        Ok(queued.len() as u64)
    }

    /// Exact number of stored torrents (a sequential count: for tests and tools, not
    /// for request paths).
    pub async fn count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM torrents")
            .fetch_one(self.pool)
            .await?)
    }
}

/// One classification job for these info hashes (hex), in the caller's transaction.
async fn enqueue_classification(
    tx: &mut Transaction<'_, Postgres>,
    info_hashes: &[String],
) -> Result<()> {
    jobs::enqueue(
        &mut **tx,
        &NewJob::new(
            CLASSIFY_QUEUE,
            serde_json::json!({ "info_hashes": info_hashes }),
        ),
    )
    .await?;
    Ok(())
}

type SourceRow = (String, Option<i32>, Option<i32>, Option<OffsetDateTime>);

#[derive(sqlx::FromRow)]
struct HintsRow {
    content_type: Option<String>,
    content_source: Option<String>,
    content_id: Option<String>,
    title: Option<String>,
    release_year: Option<i16>,
    episodes: Option<serde_json::Value>,
    video_resolution: Option<String>,
    video_source: Option<String>,
    video_codec: Option<String>,
    video_3d: Option<String>,
    video_modifier: Option<String>,
    release_group: Option<String>,
    languages: Option<Vec<String>>,
}

impl HintsRow {
    fn into_hints(self) -> Result<TorrentHints> {
        let content_type = self
            .content_type
            .map(|s| {
                s.parse::<ContentType>().map_err(|e| StoreError::Invalid {
                    field: "torrent_hints.content_type",
                    message: e.to_string(),
                })
            })
            .transpose()?;
        let episodes = self
            .episodes
            .map(|v| {
                serde_json::from_value::<Episodes>(v).map_err(|e| StoreError::Invalid {
                    field: "torrent_hints.episodes",
                    message: e.to_string(),
                })
            })
            .transpose()?;
        Ok(TorrentHints {
            content_type,
            content_source: self.content_source,
            content_id: self.content_id,
            title: self.title,
            release_year: self.release_year,
            episodes,
            video_resolution: self.video_resolution,
            video_source: self.video_source,
            video_codec: self.video_codec,
            video_3d: self.video_3d,
            video_modifier: self.video_modifier,
            release_group: self.release_group,
            languages: self.languages.unwrap_or_default(),
        })
    }
}

fn is_retryable(e: &sqlx::Error) -> bool {
    // 40P01 deadlock_detected, 40001 serialization_failure.
    matches!(e.as_database_error().and_then(|d| d.code()), Some(c) if c == "40P01" || c == "40001")
}

async fn write_rows(
    tx: &mut Transaction<'_, Postgres>,
    rows: &[&NewTorrent],
) -> Result<WriteOutcome> {
    let mut outcome = WriteOutcome::default();
    if rows.is_empty() {
        return Ok(outcome);
    }
    let hashes: Vec<&[u8]> = rows
        .iter()
        .map(|t| t.info_hash.as_bytes().as_slice())
        .collect();

    let deleted: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT info_hash FROM deleted_torrents WHERE info_hash = ANY($1)")
            .bind(&hashes)
            .fetch_all(&mut **tx)
            .await?;
    let rows: Vec<&NewTorrent> = if deleted.is_empty() {
        rows.to_vec()
    } else {
        let deleted: HashSet<&[u8]> = deleted.iter().map(Vec::as_slice).collect();
        let (skipped, kept): (Vec<&NewTorrent>, Vec<&NewTorrent>) = rows
            .iter()
            .partition(|t| deleted.contains(t.info_hash.as_bytes().as_slice()));
        outcome.skipped_deleted = skipped.iter().map(|t| t.info_hash).collect();
        kept
    };
    if rows.is_empty() {
        return Ok(outcome);
    }
    let hashes: Vec<&[u8]> = rows
        .iter()
        .map(|t| t.info_hash.as_bytes().as_slice())
        .collect();

    // Torrents. RETURNING gives the rows inserted (xmax = 0) and the existing rows whose
    // missing file list this batch fills in; rows left alone are not returned.
    let names: Vec<&str> = rows.iter().map(|t| t.name.as_str()).collect();
    let sizes: Vec<i64> = rows.iter().map(|t| t.size).collect();
    let privates: Vec<bool> = rows.iter().map(|t| t.private).collect();
    let files_counts: Vec<Option<i32>> = rows
        .iter()
        .map(|t| {
            t.files
                .as_ref()
                .map(|f| i32::try_from(f.len()).unwrap_or(i32::MAX))
        })
        .collect();
    let written: Vec<(Vec<u8>, bool)> = sqlx::query_as(
        "INSERT INTO torrents (info_hash, name, size, private, files_count) \
         SELECT * FROM UNNEST($1::bytea[], $2::text[], $3::int8[], $4::bool[], $5::int4[]) \
         ON CONFLICT (info_hash) DO UPDATE SET files_count = EXCLUDED.files_count, updated_at = now(), \
           changed_xid = pg_current_xact_id() \
         WHERE torrents.files_count IS NULL AND EXCLUDED.files_count IS NOT NULL \
         RETURNING info_hash, (xmax = 0) AS inserted",
    )
    .bind(&hashes)
    .bind(&names)
    .bind(&sizes)
    .bind(&privates)
    .bind(&files_counts)
    .fetch_all(&mut **tx)
    .await?;
    let mut changed: HashSet<Vec<u8>> = HashSet::with_capacity(written.len());
    for (hash, inserted) in written {
        if inserted {
            outcome.inserted += 1;
        }
        changed.insert(hash);
    }
    outcome.existing = rows.len() as u64 - outcome.inserted;

    // Files of the torrents just inserted or filled in, flattened: file i belongs to
    // torrent file_owner[i] (1-based into owners), in order.
    let mut owners: Vec<&[u8]> = Vec::new();
    let mut file_owner: Vec<i32> = Vec::new();
    let mut file_paths: Vec<&str> = Vec::new();
    let mut file_sizes: Vec<i64> = Vec::new();
    for t in &rows {
        let Some(files) = &t.files else { continue };
        if files.is_empty() || !changed.contains(t.info_hash.as_bytes().as_slice()) {
            continue;
        }
        owners.push(t.info_hash.as_bytes().as_slice());
        let owner = owners.len() as i32;
        for f in files {
            file_owner.push(owner);
            file_paths.push(&f.path);
            file_sizes.push(f.size);
        }
    }
    if !owners.is_empty() {
        sqlx::query(
            "INSERT INTO torrent_files (info_hash, paths, sizes) \
             SELECT ($1::bytea[])[f.owner], array_agg(f.path ORDER BY f.ord), array_agg(f.size ORDER BY f.ord) \
             FROM UNNEST($2::int4[], $3::text[], $4::int8[]) WITH ORDINALITY AS f(owner, path, size, ord) \
             GROUP BY f.owner \
             ON CONFLICT (info_hash) DO UPDATE SET paths = EXCLUDED.paths, sizes = EXCLUDED.sizes",
        )
        .bind(&owners)
        .bind(&file_owner)
        .bind(&file_paths)
        .bind(&file_sizes)
        .execute(&mut **tx)
        .await?;
    }

    // Sources: make sure each key exists, then upsert the observations.
    let mut keys: Vec<&str> = rows.iter().map(|t| t.source.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    sqlx::query(
        "INSERT INTO sources (key, name) SELECT k, k FROM UNNEST($1::text[]) AS k \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&keys)
    .execute(&mut **tx)
    .await?;
    let source_keys: Vec<&str> = rows.iter().map(|t| t.source.key.as_str()).collect();
    let seeders: Vec<Option<i32>> = rows.iter().map(|t| t.source.seeders).collect();
    let leechers: Vec<Option<i32>> = rows.iter().map(|t| t.source.leechers).collect();
    let published: Vec<Option<OffsetDateTime>> =
        rows.iter().map(|t| t.source.published_at).collect();
    let sources_changed: Vec<Vec<u8>> = sqlx::query_scalar(
        "INSERT INTO torrent_sources (info_hash, source, seeders, leechers, published_at) \
         SELECT * FROM UNNEST($1::bytea[], $2::text[], $3::int4[], $4::int4[], $5::timestamptz[]) \
         ON CONFLICT (info_hash, source) DO UPDATE SET \
           seeders = COALESCE(EXCLUDED.seeders, torrent_sources.seeders), \
           leechers = COALESCE(EXCLUDED.leechers, torrent_sources.leechers), \
           published_at = COALESCE(EXCLUDED.published_at, torrent_sources.published_at), \
           updated_at = now() \
         WHERE (EXCLUDED.seeders IS NOT NULL AND EXCLUDED.seeders IS DISTINCT FROM torrent_sources.seeders) \
            OR (EXCLUDED.leechers IS NOT NULL AND EXCLUDED.leechers IS DISTINCT FROM torrent_sources.leechers) \
            OR (EXCLUDED.published_at IS NOT NULL AND EXCLUDED.published_at IS DISTINCT FROM torrent_sources.published_at) \
         RETURNING info_hash",
    )
    .bind(&hashes)
    .bind(&source_keys)
    .bind(&seeders)
    .bind(&leechers)
    .bind(&published)
    .fetch_all(&mut **tx)
    .await?;

    write_hints(tx, &rows, &mut changed).await?;

    // Everything the search index holds changed for these: new seeders count as much as
    // new hints, but only the latter are reclassified.
    let mut index_changed: Vec<&[u8]> = changed.iter().map(Vec::as_slice).collect();
    index_changed.extend(sources_changed.iter().map(Vec::as_slice));
    crate::search_feed::mark_changed(&mut **tx, &index_changed).await?;

    // Queue what changed for classification, in the batch's order.
    let queued: Vec<String> = rows
        .iter()
        .filter(|t| changed.contains(t.info_hash.as_bytes().as_slice()))
        .map(|t| t.info_hash.to_hex())
        .collect();
    outcome.queued = queued.len() as u64;
    if !queued.is_empty() {
        enqueue_classification(tx, &queued).await?;
    }
    Ok(outcome)
}

async fn write_hints(
    tx: &mut Transaction<'_, Postgres>,
    rows: &[&NewTorrent],
    changed: &mut HashSet<Vec<u8>>,
) -> Result<()> {
    let with_hints: Vec<(&NewTorrent, &TorrentHints)> = rows
        .iter()
        .filter_map(|t| t.hints.as_ref().filter(|h| !h.is_empty()).map(|h| (*t, h)))
        .collect();
    if with_hints.is_empty() {
        return Ok(());
    }
    let col = |f: fn(&TorrentHints) -> Option<&str>| -> Vec<Option<&str>> {
        with_hints.iter().map(|(_, h)| f(h)).collect()
    };
    let hashes: Vec<&[u8]> = with_hints
        .iter()
        .map(|(t, _)| t.info_hash.as_bytes().as_slice())
        .collect();
    let content_types = col(|h| h.content_type.map(|c| c.as_str()));
    let content_sources = col(|h| h.content_source.as_deref());
    let content_ids = col(|h| h.content_id.as_deref());
    let titles = col(|h| h.title.as_deref());
    let years: Vec<Option<i16>> = with_hints.iter().map(|(_, h)| h.release_year).collect();
    let episodes: Vec<Option<serde_json::Value>> = with_hints
        .iter()
        .map(|(_, h)| {
            h.episodes
                .as_ref()
                .map(|e| serde_json::to_value(e).unwrap_or_default())
        })
        .collect();
    let resolutions = col(|h| h.video_resolution.as_deref());
    let video_sources = col(|h| h.video_source.as_deref());
    let codecs = col(|h| h.video_codec.as_deref());
    let video_3ds = col(|h| h.video_3d.as_deref());
    let modifiers = col(|h| h.video_modifier.as_deref());
    let groups = col(|h| h.release_group.as_deref());
    // Languages as a comma-joined text per row: UNNEST cannot expand a jagged text[][].
    if let Some(bad) = with_hints
        .iter()
        .flat_map(|(_, h)| &h.languages)
        .find(|l| l.is_empty() || l.contains(','))
    {
        return Err(StoreError::Invalid {
            field: "torrent_hints.languages",
            message: format!("{bad:?} is not a language"),
        });
    }
    let languages: Vec<Option<String>> = with_hints
        .iter()
        .map(|(_, h)| (!h.languages.is_empty()).then(|| h.languages.join(",")))
        .collect();
    let updated: Vec<Vec<u8>> = sqlx::query_scalar(
        "INSERT INTO torrent_hints (info_hash, content_type, content_source, content_id, title, \
           release_year, episodes, video_resolution, video_source, video_codec, video_3d, \
           video_modifier, release_group, languages) \
         SELECT h, ct, cs, ci, ti, ry, ep, vr, vs, vc, v3, vm, rg, string_to_array(la, ',') \
         FROM UNNEST($1::bytea[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int2[], \
           $7::jsonb[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], \
           $14::text[]) AS u(h, ct, cs, ci, ti, ry, ep, vr, vs, vc, v3, vm, rg, la) \
         ON CONFLICT (info_hash) DO UPDATE SET content_type = EXCLUDED.content_type, \
           content_source = EXCLUDED.content_source, content_id = EXCLUDED.content_id, \
           title = EXCLUDED.title, release_year = EXCLUDED.release_year, \
           episodes = EXCLUDED.episodes, video_resolution = EXCLUDED.video_resolution, \
           video_source = EXCLUDED.video_source, video_codec = EXCLUDED.video_codec, \
           video_3d = EXCLUDED.video_3d, video_modifier = EXCLUDED.video_modifier, \
           release_group = EXCLUDED.release_group, languages = EXCLUDED.languages, \
           updated_at = now() \
         WHERE (torrent_hints.content_type, torrent_hints.content_source, torrent_hints.content_id, \
           torrent_hints.title, torrent_hints.release_year, torrent_hints.episodes, \
           torrent_hints.video_resolution, torrent_hints.video_source, torrent_hints.video_codec, \
           torrent_hints.video_3d, torrent_hints.video_modifier, torrent_hints.release_group, \
           torrent_hints.languages) IS DISTINCT FROM (EXCLUDED.content_type, EXCLUDED.content_source, \
           EXCLUDED.content_id, EXCLUDED.title, EXCLUDED.release_year, EXCLUDED.episodes, \
           EXCLUDED.video_resolution, EXCLUDED.video_source, EXCLUDED.video_codec, EXCLUDED.video_3d, \
           EXCLUDED.video_modifier, EXCLUDED.release_group, EXCLUDED.languages) \
         RETURNING info_hash",
    )
    .bind(&hashes)
    .bind(&content_types)
    .bind(&content_sources)
    .bind(&content_ids)
    .bind(&titles)
    .bind(&years)
    .bind(&episodes)
    .bind(&resolutions)
    .bind(&video_sources)
    .bind(&codecs)
    .bind(&video_3ds)
    .bind(&modifiers)
    .bind(&groups)
    .bind(&languages)
    .fetch_all(&mut **tx)
    .await?;
    changed.extend(updated);
    Ok(())
}
