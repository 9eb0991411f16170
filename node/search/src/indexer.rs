//! The indexer: the one task that owns the tantivy `IndexWriter`.
//!
//! It follows PostgreSQL's change feed (see `lodestone_store::search_feed`): every poll
//! interval, or at once when asked through [`crate::Search::refresh`], it takes the
//! server's transaction snapshot, reads the torrents changed and deleted by the
//! transactions it has not read yet (in pages), replaces their documents, and commits
//! with the new watermark in the commit payload. So commits happen on time (each round) and on size (every
//! `commit_every_docs` documents of a long catch-up), and a crash between commits only
//! means the next start reads those changes again (replacing a document is
//! idempotent).
//!
//! A full rebuild takes a snapshot, then reads every torrent in info-hash order;
//! changes by transactions that had not finished at the snapshot are read by the
//! catch-up that follows. Commits during a rebuild are marked incomplete, so a rebuild
//! cut short starts over at the next start.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lodestone_proto::InfoHash;
use lodestone_store::search_feed::{FeedKey, FeedSnapshot, IndexRecord};
use tantivy::{IndexWriter, TantivyDocument, Term};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use crate::error::{Result, SearchError};
use crate::index::{CommitPayload, IndexStatus, SearchOptions, Shared};
use crate::schema::SCHEMA_VERSION;

/// Rows read from the database per page.
const PAGE: i64 = 2000;

/// What the next round reads: transactions from `lower` on, and the ones that were
/// still running at the previous snapshot (see `lodestone_store::search_feed`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    lower: u64,
    pending: Vec<u64>,
}

impl Window {
    /// Everything from here on may be unread: the watermark a commit records.
    fn watermark(&self) -> u64 {
        self.pending.iter().copied().fold(self.lower, u64::min)
    }

    fn after(snapshot: &FeedSnapshot) -> Self {
        Window {
            lower: snapshot.xmax,
            pending: snapshot.in_progress.clone(),
        }
    }
}

pub(crate) enum Control {
    /// Read the feed now; answer when what was committed before is searchable.
    Sync(oneshot::Sender<Result<()>>),
}

/// Progress of a full rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebuildProgress {
    pub indexed: u64,
    /// Torrents in the database when the rebuild started.
    pub total: u64,
}

/// See the module docs. Built by [`crate::Search::open`]; run it with [`Indexer::run`].
pub struct Indexer {
    shared: Arc<Shared>,
    writer: Arc<Mutex<IndexWriter>>,
    control: mpsc::Receiver<Control>,
    database_id: String,
    /// Where the next round reads from; `None`: the index must be rebuilt.
    window: Option<Window>,
    options: SearchOptions,
    uncommitted: usize,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer")
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

impl Indexer {
    pub(crate) fn new(
        shared: Arc<Shared>,
        writer: IndexWriter,
        control: mpsc::Receiver<Control>,
        database_id: String,
        watermark: Option<u64>,
        options: SearchOptions,
    ) -> Self {
        Self {
            shared,
            writer: Arc::new(Mutex::new(writer)),
            control,
            database_id,
            window: watermark.map(|lower| Window {
                lower,
                pending: Vec::new(),
            }),
            options,
            uncommitted: 0,
        }
    }

    /// Whether the index must be rebuilt before it can catch up.
    pub fn needs_rebuild(&self) -> bool {
        self.window.is_none()
    }

    fn set_status(&self, update: impl FnOnce(&mut IndexStatus)) {
        update(&mut self.shared.status.lock().expect("status lock poisoned"));
    }

    /// Runs until `cancel`: rebuilds if needed, then follows the change feed. Errors
    /// (the database away, a full disk) are logged and retried with a backoff; the
    /// task only ends when cancelled.
    pub async fn run(mut self, cancel: CancellationToken) -> Result<()> {
        self.set_status(|s| s.indexer_running = true);
        let mut backoff = Duration::from_secs(1);
        let mut waiters: Vec<oneshot::Sender<Result<()>>> = Vec::new();
        loop {
            let round = if self.window.is_none() {
                tracing::info!("search index missing or stale; rebuilding it from the database");
                self.rebuild(&mut |_| {}).await.map(|n| {
                    tracing::info!(documents = n, "search index rebuilt");
                })
            } else {
                self.catch_up().await.map(|_| ())
            };
            match round {
                Ok(()) => {
                    backoff = Duration::from_secs(1);
                    self.set_status(|s| s.last_error = None);
                    for w in waiters.drain(..) {
                        let _ = w.send(Ok(()));
                    }
                }
                Err(e) => {
                    let message = error_chain(&e);
                    tracing::warn!(error = %message, retry_in = ?backoff, "search indexer failed");
                    self.set_status(|s| s.last_error = Some(message.clone()));
                    for w in waiters.drain(..) {
                        let _ = w.send(Err(SearchError::Internal(format!(
                            "indexer failed: {message}"
                        ))));
                    }
                    tokio::select! {
                        _ = cancel.cancelled() => break,
                        _ = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                    continue;
                }
            }
            tokio::select! {
                _ = cancel.cancelled() => break,
                _ = tokio::time::sleep(self.options.poll_interval) => {}
                msg = self.control.recv() => match msg {
                    Some(Control::Sync(w)) => {
                        waiters.push(w);
                        // Take every request already queued into this round.
                        while let Ok(Control::Sync(w)) = self.control.try_recv() {
                            waiters.push(w);
                        }
                    }
                    None => {}
                },
            }
        }
        // Every round ended with a commit; dropping the writer waits for its merges.
        self.set_status(|s| s.indexer_running = false);
        Ok(())
    }

    /// Writes documents for `records` (replacing any with the same info hash) and
    /// deletes the `deleted` ones.
    async fn write(&mut self, records: Vec<IndexRecord>, deleted: Vec<InfoHash>) -> Result<()> {
        let shared = self.shared.clone();
        let writer = self.writer.clone();
        let n = records.len() + deleted.len();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let docs: Vec<(Term, TantivyDocument)> = records
                .iter()
                .map(|r| {
                    (
                        Term::from_field_bytes(
                            shared.fields.info_hash,
                            r.summary.info_hash.as_bytes().as_slice(),
                        ),
                        shared.fields.document(r),
                    )
                })
                .collect();
            let writer = writer.lock().expect("writer lock poisoned");
            for hash in &deleted {
                writer.delete_term(Term::from_field_bytes(
                    shared.fields.info_hash,
                    hash.as_bytes().as_slice(),
                ));
            }
            for (term, doc) in docs {
                writer.delete_term(term);
                writer.add_document(doc)?;
            }
            Ok(())
        })
        .await
        .map_err(|e| SearchError::Internal(format!("index write task failed: {e}")))??;
        self.uncommitted += n;
        Ok(())
    }

    /// Commits; `next` is where reading resumes (`None`: an unfinished rebuild, which
    /// the next start redoes).
    async fn commit(&mut self, next: Option<Window>) -> Result<()> {
        let watermark = next.as_ref().map_or(0, Window::watermark);
        let payload = serde_json::to_string(&CommitPayload {
            schema: SCHEMA_VERSION,
            database_id: self.database_id.clone(),
            complete: next.is_some(),
            watermark,
        })
        .expect("payload serializes");
        let shared = self.shared.clone();
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || -> Result<()> {
            let mut writer = writer.lock().expect("writer lock poisoned");
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()?;
            shared.reader.reload()?;
            Ok(())
        })
        .await
        .map_err(|e| SearchError::Internal(format!("index commit task failed: {e}")))??;
        self.uncommitted = 0;
        if let Some(next) = next {
            self.window = Some(next);
            self.set_status(|s| s.watermark = watermark);
        }
        Ok(())
    }

    /// Reads what changed since the last round into the index and commits: the
    /// transactions from the window's lower bound up to the current snapshot's `xmax`,
    /// and those that were still running last time. Returns the number of documents
    /// written or deleted.
    pub async fn catch_up(&mut self) -> Result<u64> {
        let Some(window) = self.window.clone() else {
            return Err(SearchError::Internal(
                "the index needs a rebuild first".into(),
            ));
        };
        let store = self.shared.store.clone();
        let feed = store.search_feed();
        let snapshot = feed.snapshot().await?;
        let next = Window::after(&snapshot);
        if next == window {
            return Ok(0);
        }
        let mut written = 0u64;
        let pending = feed.changed_by(&window.pending).await?;
        written += pending.len() as u64;
        self.write(pending, Vec::new()).await?;
        let mut after: Option<FeedKey> = None;
        loop {
            let page = feed
                .changed_page(window.lower, snapshot.xmax, after, PAGE)
                .await?;
            let Some((last, _)) = page.last() else { break };
            after = Some(*last);
            let full = page.len() as i64 == PAGE;
            written += page.len() as u64;
            self.write(page.into_iter().map(|(_, r)| r).collect(), Vec::new())
                .await?;
            if self.uncommitted >= self.options.commit_every_docs {
                // Progress survives a crash; the window only moves at the end.
                self.commit(Some(window.clone())).await?;
            }
            if !full {
                break;
            }
        }
        let deleted = feed.deleted_by(&window.pending).await?;
        written += deleted.len() as u64;
        self.write(Vec::new(), deleted).await?;
        let mut after: Option<FeedKey> = None;
        loop {
            let page = feed
                .deleted_page(window.lower, snapshot.xmax, after, PAGE)
                .await?;
            let Some(last) = page.last() else { break };
            after = Some(*last);
            let full = page.len() as i64 == PAGE;
            written += page.len() as u64;
            self.write(Vec::new(), page.into_iter().map(|(_, h)| h).collect())
                .await?;
            if !full {
                break;
            }
        }
        if written == 0 && self.uncommitted == 0 {
            // Nothing of ours changed (the snapshot moved for other transactions on the
            // server): move on without a commit. The stored watermark stays behind,
            // which only means re-reading nothing at the next start.
            self.window = Some(next);
            return Ok(0);
        }
        self.commit(Some(next)).await?;
        tracing::debug!(
            documents = written,
            xmax = snapshot.xmax,
            "search index caught up"
        );
        Ok(written)
    }

    /// Rebuilds the index from every stored torrent, then catches up with what changed
    /// meanwhile. Returns the number of documents indexed.
    pub async fn rebuild(
        &mut self,
        progress: &mut (dyn FnMut(RebuildProgress) + Send),
    ) -> Result<u64> {
        self.set_status(|s| s.rebuilding = true);
        let result = self.rebuild_inner(progress).await;
        self.set_status(|s| s.rebuilding = false);
        result
    }

    async fn rebuild_inner(
        &mut self,
        progress: &mut (dyn FnMut(RebuildProgress) + Send),
    ) -> Result<u64> {
        let store = self.shared.store.clone();
        let feed = store.search_feed();
        let snapshot = feed.snapshot().await?;
        let total = store.torrents().count().await? as u64;
        let started = Instant::now();
        {
            let writer = self.writer.clone();
            tokio::task::spawn_blocking(move || {
                writer
                    .lock()
                    .expect("writer lock poisoned")
                    .delete_all_documents()
                    .map(|_| ())
            })
            .await
            .map_err(|e| SearchError::Internal(format!("index task failed: {e}")))??;
        }
        let mut indexed = 0u64;
        let mut after = None;
        progress(RebuildProgress { indexed, total });
        loop {
            let page = feed.all_page(after.as_ref(), PAGE).await?;
            let Some(last) = page.last() else { break };
            after = Some(last.summary.info_hash);
            let full = page.len() as i64 == PAGE;
            indexed += page.len() as u64;
            self.write(page, Vec::new()).await?;
            if self.uncommitted >= self.options.commit_every_docs {
                self.commit(None).await?;
            }
            progress(RebuildProgress {
                indexed,
                total: total.max(indexed),
            });
            if !full {
                break;
            }
        }
        self.commit(Some(Window::after(&snapshot))).await?;
        tracing::info!(
            documents = indexed,
            seconds = started.elapsed().as_secs_f64(),
            "search index built"
        );
        self.catch_up().await?;
        Ok(indexed)
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
