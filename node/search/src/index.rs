//! Opening the index and the [`Search`] handle that the rest of the node searches
//! through.
//!
//! The index lives in a directory of its own (`<data_dir>/index`). Each commit carries
//! a payload: the schema version, the id of the database it was built from, whether
//! it is complete (a rebuild interrupted half-way is not) and the change-feed
//! watermark it has caught up to. At open, an index that is missing, unreadable, of
//! another schema version, from another database or incomplete is wiped and marked for
//! a rebuild; otherwise the indexer catches up from its watermark.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lodestone_store::Store;
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};
use tokio::sync::{mpsc, oneshot};

use crate::collector::MatchAllCounts;
use crate::error::{Result, SearchError};
use crate::indexer::{Control, Indexer};
use crate::request::{SearchRequest, SearchResponse};
use crate::schema::{Fields, SCHEMA_VERSION};
use crate::searcher::{self, QueryBuilder};
use crate::tokenizer::{RELEASE_TOKENIZER, query_analyzer, release_analyzer};

/// How the index is opened and kept.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub dir: PathBuf,
    /// Memory the writer may buffer before it flushes a segment (split over its
    /// threads; tantivy needs at least 15 MB per thread).
    pub writer_memory_bytes: usize,
    pub writer_threads: usize,
    /// How often the indexer looks at the change feed.
    pub poll_interval: Duration,
    /// A large catch-up commits every this many documents.
    pub commit_every_docs: usize,
    /// Threads searching segments in parallel.
    pub search_threads: usize,
}

impl SearchOptions {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            dir: dir.into(),
            writer_memory_bytes: 128 << 20,
            writer_threads: cores.clamp(1, 4),
            poll_interval: Duration::from_secs(1),
            commit_every_docs: 100_000,
            search_threads: cores.clamp(1, 8),
        }
    }
}

/// What each commit records (see the module docs).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct CommitPayload {
    pub schema: u32,
    pub database_id: String,
    pub complete: bool,
    /// Every change below this transaction id is in the index.
    pub watermark: u64,
}

/// The state of the index, for `/status` and GraphQL.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct IndexStatus {
    /// Documents searchable now.
    pub documents: u64,
    /// Change-feed watermark of the last commit.
    pub watermark: u64,
    /// A full rebuild is running (searches see the index as it was).
    pub rebuilding: bool,
    /// Whether the indexer task is running.
    pub indexer_running: bool,
    /// The indexer's last error, cleared by its next success.
    pub last_error: Option<String>,
}

pub(crate) struct Shared {
    pub dir: PathBuf,
    pub match_all: MatchAllCounts,
    pub reader: IndexReader,
    pub fields: Fields,
    pub store: Store,
    pub status: Mutex<IndexStatus>,
}

/// The search handle: cheap to clone; searches run on blocking threads.
#[derive(Clone)]
pub struct Search {
    pub(crate) shared: Arc<Shared>,
    control: Option<mpsc::Sender<Control>>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

fn io_error(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> SearchError {
    let path = path.to_path_buf();
    move |source| SearchError::Io {
        path,
        action,
        source,
    }
}

/// Opens the index in `dir`, or wipes and recreates it when it cannot be used as is.
/// Returns the index and whether it needs a rebuild (and else its watermark).
fn open_index(dir: &Path, database_id: &str) -> Result<(Index, Fields, Option<u64>)> {
    let fields = Fields::new();
    std::fs::create_dir_all(dir).map_err(io_error(dir, "cannot create the index directory"))?;
    let existing = Index::open_in_dir(dir).ok().and_then(|index| {
        let metas = index.load_metas().ok()?;
        let payload: Option<CommitPayload> = metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok());
        Some((index, payload))
    });
    if let Some((index, payload)) = existing {
        let same_schema = index.schema() == fields.schema;
        match payload {
            Some(p)
                if same_schema
                    && p.schema == SCHEMA_VERSION
                    && p.database_id == database_id
                    && p.complete =>
            {
                return Ok((index, fields, Some(p.watermark)));
            }
            Some(_) | None if same_schema => {
                // Usable layout, but not a finished build of this database: keep the
                // documents for searches while the indexer rebuilds.
                return Ok((index, fields, None));
            }
            _ => {}
        }
        drop(index);
        tracing::info!(dir = %dir.display(), "search index has another schema; recreating it");
    }
    // Missing, unreadable or of another layout: start empty.
    for entry in std::fs::read_dir(dir).map_err(io_error(dir, "cannot read the index directory"))? {
        let entry = entry.map_err(io_error(dir, "cannot read the index directory"))?;
        let path = entry.path();
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(io_error(&path, "cannot remove a stale index file"))?;
    }
    let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Io {
        path: dir.to_path_buf(),
        action: "cannot open the index directory",
        source: std::io::Error::other(e.to_string()),
    })?;
    let index = Index::create(directory, fields.schema.clone(), Default::default())?;
    Ok((index, fields, None))
}

impl Search {
    /// Opens (or creates) the index for writing and returns the handle and the
    /// [`Indexer`], which must be run for the index to follow the database. Fails with
    /// [`SearchError::Locked`] when another process writes to it.
    pub async fn open(store: Store, options: SearchOptions) -> Result<(Search, Indexer)> {
        let database_id = store.search_feed().database_id().await?;
        let dir = options.dir.clone();
        let threads = options.search_threads;
        let (index, fields, watermark) = {
            let database_id = database_id.clone();
            tokio::task::spawn_blocking(move || open_index(&dir, &database_id))
                .await
                .map_err(|e| SearchError::Internal(format!("index open task failed: {e}")))??
        };
        let mut index = index;
        index
            .tokenizers()
            .register(RELEASE_TOKENIZER, release_analyzer());
        index.set_multithread_executor(threads)?;
        let writer = index
            .writer_with_num_threads(options.writer_threads, options.writer_memory_bytes)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Locked {
                    path: options.dir.clone(),
                },
                other => SearchError::Index(other),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let shared = Arc::new(Shared {
            dir: options.dir.clone(),
            match_all: MatchAllCounts::default(),
            reader,
            fields,
            store,
            status: Mutex::new(IndexStatus {
                watermark: watermark.unwrap_or(0),
                ..IndexStatus::default()
            }),
        });
        let (tx, rx) = mpsc::channel(64);
        let indexer = Indexer::new(shared.clone(), writer, rx, database_id, watermark, options);
        Ok((
            Search {
                shared,
                control: Some(tx),
            },
            indexer,
        ))
    }

    /// Opens the index for reading only, while another process (a running node)
    /// writes it; searches see its commits within a second. [`Search::refresh`] is
    /// not available.
    pub async fn open_read_only(store: Store, dir: &Path) -> Result<Search> {
        let dir = dir.to_path_buf();
        let index = {
            let dir = dir.clone();
            tokio::task::spawn_blocking(move || Index::open_in_dir(dir))
                .await
                .map_err(|e| SearchError::Internal(format!("index open task failed: {e}")))??
        };
        index
            .tokenizers()
            .register(RELEASE_TOKENIZER, release_analyzer());
        let fields = Fields::new();
        if index.schema() != fields.schema {
            return Err(SearchError::Internal(format!(
                "the index in {} has another layout; let the node rebuild it",
                dir.display()
            )));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let shared = Arc::new(Shared {
            dir,
            match_all: MatchAllCounts::default(),
            reader,
            fields,
            store,
            status: Mutex::new(IndexStatus::default()),
        });
        Ok(Search {
            shared,
            control: None,
        })
    }

    /// Runs a search. Totals and facet counts are exact.
    pub async fn search(&self, request: SearchRequest) -> Result<SearchResponse> {
        let shared = self.shared.clone();
        tokio::task::spawn_blocking(move || shared.search(&request))
            .await
            .map_err(|e| SearchError::Internal(format!("search task failed: {e}")))?
    }

    /// The same, on the calling thread (benchmarks, CLI).
    pub fn search_blocking(&self, request: &SearchRequest) -> Result<SearchResponse> {
        self.shared.search(request)
    }

    /// Makes the indexer read the change feed now and waits until what was committed
    /// to the database before this call is searchable.
    pub async fn refresh(&self) -> Result<()> {
        let control = self.control.as_ref().ok_or(SearchError::IndexerStopped)?;
        let (tx, rx) = oneshot::channel();
        control
            .send(Control::Sync(tx))
            .await
            .map_err(|_| SearchError::IndexerStopped)?;
        rx.await.map_err(|_| SearchError::IndexerStopped)?
    }

    pub fn status(&self) -> IndexStatus {
        let mut status = self
            .shared
            .status
            .lock()
            .expect("status lock poisoned")
            .clone();
        status.documents = self.shared.reader.searcher().num_docs();
        status
    }

    /// Bytes the index takes on disk.
    pub fn disk_bytes(&self) -> u64 {
        fn walk(path: &Path) -> u64 {
            std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| match e.metadata() {
                            Ok(m) if m.is_dir() => walk(&e.path()),
                            Ok(m) => m.len(),
                            Err(_) => 0,
                        })
                        .sum()
                })
                .unwrap_or(0)
        }
        walk(&self.shared.dir)
    }
}

impl Shared {
    fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        let searcher = self.reader.searcher();
        let mut builder = QueryBuilder {
            fields: &self.fields,
            analyzer: query_analyzer(),
        };
        searcher::run(&searcher, &mut builder, &self.match_all, request)
    }
}
