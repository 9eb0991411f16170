//! Reading, batching and writing an import.
//!
//! The reader parses lines on the calling task and hands full batches to writers; at
//! most `writers` batches are in flight (each one transaction), so memory stays bounded
//! whatever the input size. A record counts as imported once its batch has committed:
//! [`Progress`] only ever reports committed records, so a crash loses nothing that was
//! reported.

use std::time::{Duration, Instant};

use lodestone_store::Store;
use lodestone_store::torrents::{NewTorrent, WriteOutcome};
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::task::JoinSet;

use crate::record::parse_line;
use crate::{ImportError, LineError};

/// Longest line accepted, in bytes.
pub const MAX_LINE: usize = 16 * 1024 * 1024;
/// How many invalid lines are kept with their errors when skipping them.
pub const MAX_INVALID_SAMPLES: usize = 100;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Source key for records that name none.
    pub default_source: String,
    /// Skip invalid lines instead of stopping at the first.
    pub skip_invalid: bool,
    /// Records per transaction.
    pub batch_size: usize,
    /// Batches written at once.
    pub writers: usize,
    /// A batch is written early once its records list this many files, so records
    /// with huge file lists cannot make a batch (and memory) grow without bound.
    pub max_batch_files: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            default_source: "import".into(),
            skip_invalid: false,
            batch_size: 2000,
            writers: 2,
            max_batch_files: 200_000,
        }
    }
}

/// Counters of an import, reported as batches commit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Lines read so far (including blank and invalid ones).
    pub lines: u64,
    /// Valid records committed.
    pub imported: u64,
    /// Of those, torrents that were new.
    pub inserted: u64,
    /// Of those, torrents that were already stored.
    pub existing: u64,
    /// Records skipped because their info hash was deleted on this node.
    pub deleted: u64,
    /// Invalid lines skipped.
    pub invalid: u64,
    /// Torrents queued for classification.
    pub queued: u64,
}

/// `N records (N new, N existing, N deleted, N invalid)`, as the CLI and HTTP
/// imports report it.
impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} records ({} new, {} existing, {} deleted, {} invalid)",
            self.imported, self.inserted, self.existing, self.deleted, self.invalid
        )
    }
}

impl Progress {
    fn add(&mut self, outcome: &WriteOutcome) {
        self.imported += outcome.inserted + outcome.existing;
        self.inserted += outcome.inserted;
        self.existing += outcome.existing;
        self.deleted += outcome.skipped_deleted.len() as u64;
        self.queued += outcome.queued;
    }
}

/// The result of an import that ran to the end (or, inside [`ImportError`], what was
/// committed before it stopped).
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub progress: Progress,
    /// The first [`MAX_INVALID_SAMPLES`] invalid lines that were skipped.
    pub invalid_samples: Vec<LineError>,
    pub elapsed: Duration,
}

impl ImportSummary {
    pub fn records_per_second(&self) -> f64 {
        self.progress.imported as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Imports every line of `reader`. `on_progress` is called after each committed batch.
pub async fn import<R>(
    store: &Store,
    mut reader: R,
    options: &ImportOptions,
    mut on_progress: impl FnMut(&Progress),
) -> Result<ImportSummary, ImportError>
where
    R: AsyncBufRead + Unpin,
{
    let started = Instant::now();
    let batch_size = options.batch_size.max(1);
    let mut summary = ImportSummary::default();
    let mut writes: JoinSet<Result<WriteOutcome, lodestone_store::StoreError>> = JoinSet::new();
    let mut batch: Vec<NewTorrent> = Vec::with_capacity(batch_size);
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0u64;
    let mut batch_files = 0usize;

    // Finishes the writes in flight; on a store error, returns it with the summary.
    macro_rules! drain {
        ($limit:expr) => {
            while writes.len() > $limit {
                let done = writes.join_next().await.expect("writes is not empty");
                match done.expect("import writer panicked") {
                    Ok(outcome) => {
                        summary.progress.add(&outcome);
                        on_progress(&summary.progress);
                    }
                    Err(source) => {
                        while let Some(rest) = writes.join_next().await {
                            if let Ok(Ok(outcome)) = rest {
                                summary.progress.add(&outcome);
                            }
                        }
                        summary.elapsed = started.elapsed();
                        return Err(ImportError::Store {
                            source,
                            summary: Box::new(summary),
                        });
                    }
                }
            }
        };
    }

    let stop: Option<ImportError> = loop {
        buf.clear();
        let read = match read_line_limited(&mut reader, &mut buf, MAX_LINE).await {
            Ok(read) => read,
            Err(source) => {
                break Some(ImportError::Read {
                    line: line_no + 1,
                    source,
                    summary: Box::default(),
                });
            }
        };
        let too_long = match read {
            LineRead::Eof => break None,
            LineRead::Line => false,
            LineRead::TooLong => true,
        };
        line_no += 1;
        summary.progress.lines = line_no;
        let parsed = if too_long {
            Err(LineError {
                line: line_no,
                key: None,
                message: format!("longer than {MAX_LINE} bytes"),
            })
        } else {
            match std::str::from_utf8(&buf) {
                Ok(text) => {
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    parse_line(text, line_no, &options.default_source)
                }
                Err(e) => Err(LineError {
                    line: line_no,
                    key: None,
                    message: format!("not valid UTF-8 (at byte {})", e.valid_up_to() + 1),
                }),
            }
        };
        match parsed {
            Ok(record) => {
                batch_files += record.files.as_ref().map_or(0, Vec::len);
                batch.push(record);
                if batch.len() >= batch_size || batch_files >= options.max_batch_files {
                    batch_files = 0;
                    drain!(options.writers.max(1) - 1);
                    let store = store.clone();
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                    writes.spawn(async move { store.torrents().write_batch(&full).await });
                }
            }
            Err(error) if options.skip_invalid => {
                tracing::debug!(%error, "skipping invalid line");
                summary.progress.invalid += 1;
                if summary.invalid_samples.len() < MAX_INVALID_SAMPLES {
                    summary.invalid_samples.push(error);
                }
            }
            Err(error) => {
                break Some(ImportError::BadLine {
                    error,
                    summary: Box::default(),
                });
            }
        }
    };

    // Commit every good line read before stopping, then report.
    if !batch.is_empty() {
        drain!(options.writers.max(1) - 1);
        let store = store.clone();
        writes.spawn(async move { store.torrents().write_batch(&batch).await });
    }
    drain!(0);
    summary.elapsed = started.elapsed();
    match stop {
        None => Ok(summary),
        Some(ImportError::BadLine { error, .. }) => Err(ImportError::BadLine {
            error,
            summary: Box::new(summary),
        }),
        Some(ImportError::Read { line, source, .. }) => Err(ImportError::Read {
            line,
            source,
            summary: Box::new(summary),
        }),
        Some(other) => Err(other),
    }
}

enum LineRead {
    Eof,
    Line,
    /// The line was longer than the limit; it was consumed up to its end.
    TooLong,
}

/// Reads one line (without its `\n`) into `buf`, never holding more than `max` bytes.
async fn read_line_limited<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<LineRead> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(if !any {
                LineRead::Eof
            } else if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
        any = true;
        let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if !too_long {
            if buf.len() + chunk.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let consumed = found.unwrap_or(available.len());
        reader.consume(consumed);
        if found.is_some() {
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn lines(input: &[u8], max: usize) -> Vec<Option<String>> {
        let mut reader = tokio::io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            buf.clear();
            match read_line_limited(&mut reader, &mut buf, max).await.unwrap() {
                LineRead::Eof => return out,
                LineRead::Line => out.push(Some(String::from_utf8(buf.clone()).unwrap())),
                LineRead::TooLong => out.push(None),
            }
        }
    }

    #[tokio::test]
    async fn line_reader_splits_and_limits() {
        assert_eq!(
            lines(b"ab\ncdefghij\n\nxy", 5).await,
            vec![
                Some("ab".into()),
                None,
                Some(String::new()),
                Some("xy".into())
            ]
        );
        assert_eq!(lines(b"", 5).await, Vec::<Option<String>>::new());
        assert_eq!(lines(b"abc\n", 5).await, vec![Some("abc".into())]);
    }
}
