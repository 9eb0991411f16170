//! Deleted info hashes. Deleting a torrent removes its rows (files, sources, hints,
//! classification and tags cascade) and records its info hash here, so it is never
//! stored again: batch writes skip it (see [`crate::torrents`]).

use lodestone_proto::InfoHash;
use sqlx::PgPool;

use crate::Result;

#[derive(Debug, Clone, Copy)]
pub struct Deletions<'a> {
    pool: &'a PgPool,
}

impl<'a> Deletions<'a> {
    pub(crate) fn new(pool: &'a PgPool) -> Self {
        Self { pool }
    }

    /// Deletes the torrents and blocks their info hashes. Returns how many stored
    /// torrents were removed (blocking a hash that was never stored is allowed).
    pub async fn delete(&self, hashes: &[InfoHash], reason: Option<&str>) -> Result<u64> {
        let bytes: Vec<&[u8]> = hashes.iter().map(|h| h.as_bytes().as_slice()).collect();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO deleted_torrents (info_hash, reason) \
             SELECT h, $2 FROM UNNEST($1::bytea[]) AS h ON CONFLICT (info_hash) DO NOTHING",
        )
        .bind(&bytes)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
        let removed = sqlx::query("DELETE FROM torrents WHERE info_hash = ANY($1)")
            .bind(&bytes)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(removed)
    }

    pub async fn is_deleted(&self, hash: &InfoHash) -> Result<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM deleted_torrents WHERE info_hash = $1)",
        )
        .bind(hash.as_bytes().as_slice())
        .fetch_one(self.pool)
        .await?)
    }
}
