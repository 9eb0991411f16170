//! What the search index reads: torrent summaries (the torrent, its best-known
//! classification, sources and tags in one row) and the change feed it catches up from.
//!
//! The feed is keyed by transaction id (`xid8`), not by a sequence: every write that
//! changes what the index holds about a torrent sets `torrents.changed_xid` to the
//! writing transaction ([`mark_changed`]), and a deletion records `deleted_xid`.
//! (A sequence would not do: values are taken before commit, so a smaller value can
//! become visible after a larger one.)
//!
//! A reader takes a [`FeedSnapshot`] (`pg_current_snapshot()`): every transaction
//! below its `xmax` that is not `in_progress` had committed (or aborted) when it was
//! taken, so its changes are visible to any later read. A reader that has read the
//! window `[lower, xmax)` of one snapshot has everything of those transactions; next
//! time it reads `[xmax, new xmax)` plus the transactions that were in progress (they
//! may have committed since). Only xids matter, so unrelated transactions of other
//! databases on the same server cost nothing but an empty lookup.

use std::collections::HashMap;

use lodestone_proto::{ContentType, Episodes, InfoHash};
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;

use crate::{Result, StoreError};

/// At most this many file paths of a torrent go into the search index.
pub const INDEXED_PATHS: i32 = 1000;

/// A torrent as search results and the index show it: the torrent, the best-known
/// classification (the classifier's result, else the importer's hints), its sources
/// summed up and its tags.
#[derive(Debug, Clone, PartialEq)]
pub struct TorrentSummary {
    pub info_hash: InfoHash,
    pub name: String,
    pub size: i64,
    pub private: bool,
    /// `None`: the file list is unknown.
    pub files_count: Option<i32>,
    pub origin: i32,
    pub discovered_at: OffsetDateTime,
    /// The earliest time a source published it, else when it was discovered.
    pub published_at: OffsetDateTime,
    /// The largest counts any source reported.
    pub seeders: Option<i32>,
    pub leechers: Option<i32>,
    /// Whether the classifier has processed it (else the fields below are hints).
    pub classified: bool,
    pub content_type: ContentType,
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
    pub content_source: Option<String>,
    pub content_id: Option<String>,
    /// External ids of the attached content as `(source, id)`: `("imdb", "tt0133093")`,
    /// `("tmdb", "603")`, including the content's own source and id.
    pub external_ids: Vec<(String, String)>,
    pub tags: Vec<String>,
}

impl TorrentSummary {
    pub fn external_id(&self, source: &str) -> Option<&str> {
        self.external_ids
            .iter()
            .find(|(s, _)| s == source)
            .map(|(_, id)| id.as_str())
    }
}

/// A summary plus the file paths the index tokenizes (the first [`INDEXED_PATHS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRecord {
    pub summary: TorrentSummary,
    pub file_paths: Vec<String>,
}

/// A position in the change feed: (transaction id, info hash).
pub type FeedKey = (u64, InfoHash);

/// The server's transaction snapshot (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSnapshot {
    /// Every transaction below this had finished.
    pub xmin: u64,
    /// Every transaction from this on had not started.
    pub xmax: u64,
    /// Transactions in `[xmin, xmax)` still running.
    pub in_progress: Vec<u64>,
}

/// Marks torrents as changed for the search index by the current transaction.
pub async fn mark_changed<'e>(executor: impl PgExecutor<'e>, hashes: &[&[u8]]) -> Result<()> {
    if hashes.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE torrents SET changed_xid = pg_current_xact_id() \
         WHERE info_hash = ANY($1) AND changed_xid <> pg_current_xact_id()",
    )
    .bind(hashes)
    .execute(executor)
    .await?;
    Ok(())
}

const SUMMARY_SELECT: &str = "\
SELECT t.info_hash, t.name, t.size, t.private, t.files_count, t.origin, t.discovered_at, \
  COALESCE(s.published_at, t.discovered_at) AS published_at, s.seeders, s.leechers, \
  c.info_hash IS NOT NULL AS classified, \
  COALESCE(c.content_type, h.content_type, 'unknown') AS content_type, \
  COALESCE(c.title, h.title) AS title, COALESCE(c.release_year, h.release_year) AS release_year, \
  COALESCE(c.episodes, h.episodes) AS episodes, \
  COALESCE(c.video_resolution, h.video_resolution) AS video_resolution, \
  COALESCE(c.video_source, h.video_source) AS video_source, \
  COALESCE(c.video_codec, h.video_codec) AS video_codec, \
  COALESCE(c.video_3d, h.video_3d) AS video_3d, \
  COALESCE(c.video_modifier, h.video_modifier) AS video_modifier, \
  COALESCE(c.release_group, h.release_group) AS release_group, \
  COALESCE(c.languages, h.languages) AS languages, \
  COALESCE(c.content_source, h.content_source) AS content_source, \
  COALESCE(c.content_id, h.content_id) AS content_id, \
  ct.external_ids, g.tags, t.changed_xid::text::int8 AS changed_xid";

const SUMMARY_JOINS: &str = "\
LEFT JOIN LATERAL (SELECT max(seeders) AS seeders, max(leechers) AS leechers, \
    min(published_at) AS published_at FROM torrent_sources ts WHERE ts.info_hash = t.info_hash) s ON true \
LEFT JOIN torrent_contents c ON c.info_hash = t.info_hash \
LEFT JOIN torrent_hints h ON h.info_hash = t.info_hash \
LEFT JOIN content ct ON ct.type = COALESCE(c.content_type, h.content_type) \
    AND ct.source = COALESCE(c.content_source, h.content_source) \
    AND ct.id = COALESCE(c.content_id, h.content_id) \
LEFT JOIN LATERAL (SELECT array_agg(tg.name ORDER BY tg.name) AS tags FROM torrent_tags tg \
    WHERE tg.info_hash = t.info_hash) g ON true";

/// The index's rows for a page of torrents chosen by `page` (a query over `torrents`):
/// the page is picked first, so the joins look up only its rows (joined over the whole
/// table, the planner would merge-join the other tables from their start).
fn index_query(page: &str, order: &str) -> String {
    format!(
        "WITH t AS MATERIALIZED ({page}) \
         {SUMMARY_SELECT}, f.paths[1:{INDEXED_PATHS}] AS paths FROM t {SUMMARY_JOINS} \
         LEFT JOIN torrent_files f ON f.info_hash = t.info_hash ORDER BY {order}"
    )
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    info_hash: Vec<u8>,
    name: String,
    size: i64,
    private: bool,
    files_count: Option<i32>,
    origin: i32,
    discovered_at: OffsetDateTime,
    published_at: OffsetDateTime,
    seeders: Option<i32>,
    leechers: Option<i32>,
    classified: bool,
    content_type: String,
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
    content_source: Option<String>,
    content_id: Option<String>,
    external_ids: Option<serde_json::Value>,
    tags: Option<Vec<String>>,
    changed_xid: i64,
}

#[derive(sqlx::FromRow)]
struct IndexRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    paths: Option<Vec<String>>,
}

impl SummaryRow {
    fn into_summary(self) -> Result<TorrentSummary> {
        let invalid = |field: &'static str, message: String| StoreError::Invalid { field, message };
        let info_hash = InfoHash::from_bytes(&self.info_hash)
            .map_err(|e| invalid("info_hash", e.to_string()))?;
        // A value the schema's CHECK admits but this binary does not know (a newer
        // node wrote it) reads as unknown rather than failing the whole page.
        let content_type = self.content_type.parse().unwrap_or(ContentType::Unknown);
        let episodes = match self.episodes {
            Some(v) => Some(
                serde_json::from_value::<Episodes>(v)
                    .map_err(|e| invalid("episodes", e.to_string()))?,
            ),
            None => None,
        };
        let mut external_ids = Vec::new();
        if let (Some(source), Some(id)) = (&self.content_source, &self.content_id) {
            external_ids.push((source.clone(), id.clone()));
        }
        if let Some(serde_json::Value::Object(ids)) = self.external_ids {
            for (source, id) in ids {
                let id = match id {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                if !external_ids.iter().any(|(s, _)| *s == source) {
                    external_ids.push((source, id));
                }
            }
        }
        Ok(TorrentSummary {
            info_hash,
            name: self.name,
            size: self.size,
            private: self.private,
            files_count: self.files_count,
            origin: self.origin,
            discovered_at: self.discovered_at,
            published_at: self.published_at,
            seeders: self.seeders,
            leechers: self.leechers,
            classified: self.classified,
            content_type,
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
            content_source: self.content_source,
            content_id: self.content_id,
            external_ids,
            tags: self.tags.unwrap_or_default(),
        })
    }
}

fn into_records(rows: Vec<IndexRow>) -> Result<Vec<(u64, IndexRecord)>> {
    rows.into_iter()
        .map(|row| {
            let xid = row.summary.changed_xid as u64;
            Ok((
                xid,
                IndexRecord {
                    summary: row.summary.into_summary()?,
                    file_paths: row.paths.unwrap_or_default(),
                },
            ))
        })
        .collect()
}

/// Reads summaries and the change feed.
#[derive(Debug, Clone, Copy)]
pub struct SearchFeed<'a> {
    pool: &'a PgPool,
}

impl<'a> SearchFeed<'a> {
    pub(crate) fn new(pool: &'a PgPool) -> Self {
        Self { pool }
    }

    /// The id this database was given when it was created; an index built from
    /// another database is rebuilt, not caught up.
    pub async fn database_id(&self) -> Result<String> {
        Ok(
            sqlx::query_scalar("SELECT value FROM node_meta WHERE key = 'database_id'")
                .fetch_one(self.pool)
                .await?,
        )
    }

    /// The server's current transaction snapshot (see the module docs).
    pub async fn snapshot(&self) -> Result<FeedSnapshot> {
        let (xmin, xmax, in_progress): (i64, i64, Vec<i64>) = sqlx::query_as(
            "SELECT pg_snapshot_xmin(s)::text::int8, pg_snapshot_xmax(s)::text::int8, \
               ARRAY(SELECT x::text::int8 FROM pg_snapshot_xip(s) AS x) \
             FROM pg_current_snapshot() AS s",
        )
        .fetch_one(self.pool)
        .await?;
        Ok(FeedSnapshot {
            xmin: xmin as u64,
            xmax: xmax as u64,
            in_progress: in_progress.into_iter().map(|x| x as u64).collect(),
        })
    }

    /// Summaries of the given torrents, in the order given; unknown hashes are left out.
    pub async fn summaries(&self, hashes: &[InfoHash]) -> Result<Vec<TorrentSummary>> {
        if hashes.is_empty() {
            return Ok(Vec::new());
        }
        let bytes: Vec<&[u8]> = hashes.iter().map(|h| h.as_bytes().as_slice()).collect();
        let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
            "WITH t AS MATERIALIZED (SELECT * FROM torrents WHERE info_hash = ANY($1)) \
             {SUMMARY_SELECT} FROM t {SUMMARY_JOINS}"
        ))
        .bind(&bytes)
        .fetch_all(self.pool)
        .await?;
        let mut by_hash: HashMap<InfoHash, TorrentSummary> = HashMap::with_capacity(rows.len());
        for row in rows {
            let summary = row.into_summary()?;
            by_hash.insert(summary.info_hash, summary);
        }
        Ok(hashes.iter().filter_map(|h| by_hash.remove(h)).collect())
    }

    /// One page of every stored torrent, in info-hash order after `after`: a full
    /// rebuild reads the table with this.
    pub async fn all_page(&self, after: Option<&InfoHash>, limit: i64) -> Result<Vec<IndexRecord>> {
        let after: &[u8] = after.map(|h| h.as_bytes().as_slice()).unwrap_or(&[]);
        let rows: Vec<IndexRow> = sqlx::query_as(&index_query(
            "SELECT * FROM torrents WHERE info_hash > $1 ORDER BY info_hash LIMIT $2",
            "t.info_hash",
        ))
        .bind(after)
        .bind(limit)
        .fetch_all(self.pool)
        .await?;
        Ok(into_records(rows)?.into_iter().map(|(_, r)| r).collect())
    }

    /// One page of the torrents changed by transactions in `[from, to)`, in feed order
    /// after `after`.
    pub async fn changed_page(
        &self,
        from: u64,
        to: u64,
        after: Option<FeedKey>,
        limit: i64,
    ) -> Result<Vec<(FeedKey, IndexRecord)>> {
        let (after_xid, after_hash) = feed_after(after, from);
        let rows: Vec<IndexRow> = sqlx::query_as(&index_query(
            "SELECT * FROM torrents \
             WHERE changed_xid >= $1::text::xid8 AND changed_xid < $2::text::xid8 \
               AND (changed_xid, info_hash) > ($3::text::xid8, $4) \
             ORDER BY changed_xid, info_hash LIMIT $5",
            "t.changed_xid, t.info_hash",
        ))
        .bind(from as i64)
        .bind(to as i64)
        .bind(after_xid)
        .bind(after_hash)
        .bind(limit)
        .fetch_all(self.pool)
        .await?;
        Ok(into_records(rows)?
            .into_iter()
            .map(|(xid, r)| ((xid, r.summary.info_hash), r))
            .collect())
    }

    /// The torrents last changed by any of `xids` (transactions that were in progress
    /// at the previous snapshot).
    pub async fn changed_by(&self, xids: &[u64]) -> Result<Vec<IndexRecord>> {
        if xids.is_empty() {
            return Ok(Vec::new());
        }
        let xids: Vec<i64> = xids.iter().map(|x| *x as i64).collect();
        let rows: Vec<IndexRow> = sqlx::query_as(&index_query(
            "SELECT * FROM torrents \
             WHERE changed_xid = ANY(ARRAY(SELECT x::text::xid8 FROM UNNEST($1::int8[]) AS x))",
            "t.info_hash",
        ))
        .bind(&xids)
        .fetch_all(self.pool)
        .await?;
        Ok(into_records(rows)?.into_iter().map(|(_, r)| r).collect())
    }

    /// The info hashes deleted by any of `xids`.
    pub async fn deleted_by(&self, xids: &[u64]) -> Result<Vec<InfoHash>> {
        if xids.is_empty() {
            return Ok(Vec::new());
        }
        let xids: Vec<i64> = xids.iter().map(|x| *x as i64).collect();
        let rows: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT info_hash FROM deleted_torrents \
             WHERE deleted_xid = ANY(ARRAY(SELECT x::text::xid8 FROM UNNEST($1::int8[]) AS x))",
        )
        .bind(&xids)
        .fetch_all(self.pool)
        .await?;
        rows.iter().map(|h| hash_of(h)).collect()
    }

    /// One page of the info hashes deleted by transactions in `[from, to)`.
    pub async fn deleted_page(
        &self,
        from: u64,
        to: u64,
        after: Option<FeedKey>,
        limit: i64,
    ) -> Result<Vec<FeedKey>> {
        let (after_xid, after_hash) = feed_after(after, from);
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT deleted_xid::text::int8, info_hash FROM deleted_torrents \
             WHERE deleted_xid >= $1::text::xid8 AND deleted_xid < $2::text::xid8 \
               AND (deleted_xid, info_hash) > ($3::text::xid8, $4) \
             ORDER BY deleted_xid, info_hash LIMIT $5",
        )
        .bind(from as i64)
        .bind(to as i64)
        .bind(after_xid)
        .bind(after_hash)
        .bind(limit)
        .fetch_all(self.pool)
        .await?;
        rows.into_iter()
            .map(|(xid, hash)| Ok((xid as u64, hash_of(&hash)?)))
            .collect()
    }
}

/// The keyset position to read after: the given key, else the start of the window.
fn feed_after(after: Option<FeedKey>, from: u64) -> (i64, Vec<u8>) {
    match after {
        Some((xid, hash)) => (xid as i64, hash.as_bytes().to_vec()),
        None => (from as i64, Vec::new()),
    }
}

fn hash_of(bytes: &[u8]) -> Result<InfoHash> {
    InfoHash::from_bytes(bytes).map_err(|e| StoreError::Invalid {
        field: "deleted_torrents.info_hash",
        message: e.to_string(),
    })
}
