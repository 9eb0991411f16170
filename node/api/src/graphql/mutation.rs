//! The mutation root: deleting torrents, tagging them, queueing them for
//! classification again.
//!
//! Each mutation commits in PostgreSQL first, then waits for the index to catch up
//! ([`lodestone_search::Search::refresh`], at most [`REFRESH_WAIT`]), so the next search
//! sees the change. When the index cannot catch up now (stopped, or busy rebuilding),
//! the change is still committed and the indexer picks it up when it runs again: the
//! mutation succeeds and a warning is logged.

use async_graphql::{Context, Object, ResultExt, SimpleObject};
use lodestone_proto::InfoHash;
use lodestone_store::tags::is_tag_name;

use super::error::ApiError;
use super::torrent::parse_info_hashes;
use crate::AppState;

/// Most info hashes one mutation may name.
pub const MAX_MUTATION_INFO_HASHES: usize = 10_000;
/// Most tags one mutation may name.
pub const MAX_TAGS: usize = 100;
/// Longest deletion reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

pub struct MutationRoot;

/// What `deleteTorrents` did.
#[derive(SimpleObject, Debug)]
pub struct DeleteResult {
    /// Stored torrents removed.
    pub deleted: u64,
    /// Info hashes now blocked from being stored again (including ones that were not
    /// stored).
    pub blocked: u64,
}

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Deletes torrents (their files, sources, classification and tags) and blocks
    /// their info hashes, so imports and crawls never store them again.
    async fn delete_torrents(
        &self,
        ctx: &Context<'_>,
        info_hashes: Vec<String>,
        reason: Option<String>,
    ) -> async_graphql::Result<DeleteResult> {
        async {
            let hashes = parse_info_hashes(&info_hashes, MAX_MUTATION_INFO_HASHES)?;
            let reason = reason
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty());
            if let Some(r) = &reason
                && r.chars().count() > MAX_REASON_CHARS
            {
                return Err(ApiError::BadRequest(format!(
                    "reason is longer than {MAX_REASON_CHARS} characters"
                )));
            }
            let state = ctx.data_unchecked::<AppState>();
            let deleted = state
                .store
                .deletions()
                .delete(&hashes, reason.as_deref())
                .await?;
            refresh(state, "deleteTorrents").await;
            Ok(DeleteResult {
                deleted,
                blocked: hashes.len() as u64,
            })
        }
        .await
        .extend()
    }

    /// Adds tags to torrents; unknown torrents are ignored. Returns how many torrents
    /// changed. Tags are 1 to 64 lower-case letters, digits, `-` and `_`, starting
    /// with a letter or digit.
    async fn put_tags(
        &self,
        ctx: &Context<'_>,
        info_hashes: Vec<String>,
        tags: Vec<String>,
    ) -> async_graphql::Result<u64> {
        change_tags(ctx, &info_hashes, &tags, TagChange::Put)
            .await
            .extend()
    }

    /// Replaces the tags of torrents (an empty list removes them all). Returns how many
    /// torrents changed.
    async fn set_tags(
        &self,
        ctx: &Context<'_>,
        info_hashes: Vec<String>,
        tags: Vec<String>,
    ) -> async_graphql::Result<u64> {
        change_tags(ctx, &info_hashes, &tags, TagChange::Set)
            .await
            .extend()
    }

    /// Removes tags from torrents; without `tags` (or with an empty list), removes
    /// every tag. Returns how many torrents changed.
    async fn delete_tags(
        &self,
        ctx: &Context<'_>,
        info_hashes: Vec<String>,
        tags: Option<Vec<String>>,
    ) -> async_graphql::Result<u64> {
        change_tags(
            ctx,
            &info_hashes,
            &tags.unwrap_or_default(),
            TagChange::Delete,
        )
        .await
        .extend()
    }

    /// Queues torrents for classification again. Returns how many were queued (the
    /// stored ones among those named).
    async fn reprocess(
        &self,
        ctx: &Context<'_>,
        info_hashes: Vec<String>,
    ) -> async_graphql::Result<u64> {
        async {
            let hashes = parse_info_hashes(&info_hashes, MAX_MUTATION_INFO_HASHES)?;
            let state = ctx.data_unchecked::<AppState>();
            Ok::<_, ApiError>(state.store.torrents().queue_classification(&hashes).await?)
        }
        .await
        .extend()
    }
}

#[derive(Debug, Clone, Copy)]
enum TagChange {
    Put,
    Set,
    Delete,
}

async fn change_tags(
    ctx: &Context<'_>,
    info_hashes: &[String],
    tags: &[String],
    change: TagChange,
) -> Result<u64, ApiError> {
    let hashes: Vec<InfoHash> = parse_info_hashes(info_hashes, MAX_MUTATION_INFO_HASHES)?;
    let tags = check_tags(tags)?;
    let state = ctx.data_unchecked::<AppState>();
    let store_tags = state.store.tags();
    let changed = match change {
        TagChange::Put => store_tags.put(&hashes, &tags).await?,
        TagChange::Set => store_tags.set(&hashes, &tags).await?,
        TagChange::Delete => store_tags.delete(&hashes, &tags).await?,
    };
    if changed > 0 {
        refresh(state, "tags").await;
    }
    Ok(changed)
}

/// Checks tag names and drops repeats.
fn check_tags(tags: &[String]) -> Result<Vec<String>, ApiError> {
    if tags.len() > MAX_TAGS {
        return Err(ApiError::TooMany {
            what: "tags",
            got: tags.len(),
            max: MAX_TAGS,
        });
    }
    let mut names: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        if !is_tag_name(tag) {
            let shown: String = tag.chars().take(ApiError::ECHO_LEN).collect();
            return Err(ApiError::BadTag(format!(
                "{shown:?} is not a tag name: 1 to 64 lower-case letters, digits, '-' and '_', \
                 starting with a letter or digit"
            )));
        }
        if !names.contains(tag) {
            names.push(tag.clone());
        }
    }
    Ok(names)
}

/// Waits for the index to catch up with what was just committed.
/// How long a mutation waits for the index (a rebuild in progress can take minutes).
const REFRESH_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

async fn refresh(state: &AppState, mutation: &'static str) {
    match tokio::time::timeout(REFRESH_WAIT, state.search.refresh()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(
            mutation,
            error = %crate::error_chain(&e),
            "search index did not catch up after a mutation; it will when the indexer runs"
        ),
        Err(_) => tracing::warn!(
            mutation,
            wait = ?REFRESH_WAIT,
            "search index is busy (rebuilding?); the mutation is committed and will be searchable when it catches up"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_deduplicated() {
        let ok = check_tags(&["a".into(), "b-1".into(), "a".into()]).expect("valid");
        assert_eq!(ok, ["a", "b-1"]);
        for bad in ["", "A", "-x", "a b", &"x".repeat(65)] {
            let error = check_tags(&[bad.to_owned()]).unwrap_err();
            assert_eq!(error.code(), "BAD_TAG", "{bad:?}");
        }
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(check_tags(&many).unwrap_err().code(), "TOO_MANY");
    }
}
