use crate::pipeline::ImportSummary;

/// Why one input line was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {}{message}", key.as_ref().map(|k| format!("key {k:?}: ")).unwrap_or_default())]
pub struct LineError {
    /// 1-based line number in the input.
    pub line: u64,
    /// The key at fault, as written in the input (or its canonical name if missing).
    pub key: Option<String>,
    pub message: String,
}

/// Why an import stopped. Each variant carries what was committed before it stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{error}")]
    BadLine {
        error: LineError,
        summary: Box<ImportSummary>,
    },
    #[error("line {line}: cannot read input")]
    Read {
        line: u64,
        #[source]
        source: std::io::Error,
        summary: Box<ImportSummary>,
    },
    #[error("cannot write to the database")]
    Store {
        #[source]
        source: lodestone_store::StoreError,
        summary: Box<ImportSummary>,
    },
}

impl ImportError {
    /// What had been committed when the import stopped.
    pub fn summary(&self) -> &ImportSummary {
        match self {
            Self::BadLine { summary, .. }
            | Self::Read { summary, .. }
            | Self::Store { summary, .. } => summary,
        }
    }
}
