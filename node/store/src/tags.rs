//! Tags on torrents: put (add), set (replace) and delete. Every change marks the
//! torrents changed for the search index in the same transaction.

use lodestone_proto::InfoHash;
use sqlx::PgPool;

use crate::{Result, StoreError, search_feed};

/// Whether `name` is a valid tag: `^[a-z0-9][a-z0-9_-]{0,63}$`, as the
/// `torrent_tags.name` CHECK constraint says.
pub fn is_tag_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-'))
}

fn check_names(names: &[String]) -> Result<()> {
    match names.iter().find(|n| !is_tag_name(n)) {
        Some(bad) => Err(StoreError::Invalid {
            field: "tag",
            message: format!(
                "{bad:?} is not a tag name (lower-case letters, digits, '-' and '_', at most 64)"
            ),
        }),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Tags<'a> {
    pool: &'a PgPool,
}

impl<'a> Tags<'a> {
    pub(crate) fn new(pool: &'a PgPool) -> Self {
        Self { pool }
    }

    /// Adds tags to torrents; unknown torrents are ignored. Returns the torrents changed.
    pub async fn put(&self, hashes: &[InfoHash], names: &[String]) -> Result<u64> {
        check_names(names)?;
        self.change(hashes, names, Mode::Put).await
    }

    /// Replaces the tags of torrents with `names` (empty: removes all).
    pub async fn set(&self, hashes: &[InfoHash], names: &[String]) -> Result<u64> {
        check_names(names)?;
        self.change(hashes, names, Mode::Set).await
    }

    /// Removes tags from torrents; `names` empty removes every tag.
    pub async fn delete(&self, hashes: &[InfoHash], names: &[String]) -> Result<u64> {
        self.change(hashes, names, Mode::Delete).await
    }

    async fn change(&self, hashes: &[InfoHash], names: &[String], mode: Mode) -> Result<u64> {
        let bytes: Vec<&[u8]> = hashes.iter().map(|h| h.as_bytes().as_slice()).collect();
        let mut tx = self.pool.begin().await?;
        let mut changed: Vec<Vec<u8>> = Vec::new();
        if matches!(mode, Mode::Set | Mode::Delete) {
            // Delete removes the names given (all when none are); set removes every
            // name not given.
            let sql = if matches!(mode, Mode::Delete) {
                "DELETE FROM torrent_tags WHERE info_hash = ANY($1) \
                 AND (cardinality($2::text[]) = 0 OR name = ANY($2)) RETURNING info_hash"
            } else {
                "DELETE FROM torrent_tags WHERE info_hash = ANY($1) \
                 AND NOT (name = ANY($2::text[])) RETURNING info_hash"
            };
            let removed: Vec<Vec<u8>> = sqlx::query_scalar(sql)
                .bind(&bytes)
                .bind(names)
                .fetch_all(&mut *tx)
                .await?;
            changed.extend(removed);
        }
        if matches!(mode, Mode::Put | Mode::Set) && !names.is_empty() {
            let added: Vec<Vec<u8>> = sqlx::query_scalar(
                "INSERT INTO torrent_tags (info_hash, name) \
                 SELECT t.info_hash, n FROM torrents t, UNNEST($2::text[]) AS n \
                 WHERE t.info_hash = ANY($1) \
                 ON CONFLICT (info_hash, name) DO NOTHING RETURNING info_hash",
            )
            .bind(&bytes)
            .bind(names)
            .fetch_all(&mut *tx)
            .await?;
            changed.extend(added);
        }
        changed.sort_unstable();
        changed.dedup();
        let refs: Vec<&[u8]> = changed.iter().map(Vec::as_slice).collect();
        search_feed::mark_changed(&mut *tx, &refs).await?;
        tx.commit().await?;
        Ok(changed.len() as u64)
    }
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Put,
    Set,
    Delete,
}
