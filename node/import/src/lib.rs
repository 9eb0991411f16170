//! Import of torrents in bitmagnet's `/import` format: newline-delimited JSON, one
//! torrent per line, as loaded by `POST /import` and `lodestone import`.
//!
//! Two stages: [`record`] turns one line into a validated [`NewTorrent`] or a
//! [`LineError`] naming the line and key; [`pipeline`] reads lines, batches records,
//! and writes batches through the store with a bounded number of writes in flight.
//! A bad line stops the import after every good line before it is committed, unless
//! invalid lines are to be skipped.
//!
//! [`NewTorrent`]: lodestone_store::torrents::NewTorrent

mod error;
pub mod pipeline;
pub mod record;

pub use error::{ImportError, LineError};
pub use pipeline::{ImportOptions, ImportSummary, Progress, import};
