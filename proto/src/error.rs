use thiserror::Error;

/// Everything that can go wrong when parsing or converting the types of this crate.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProtoError {
    /// The text is neither 40 hex nor 32 base32 characters long.
    #[error("info hash has {len} characters, expected 40 hex or 32 base32 characters")]
    InfoHashLength { len: usize },

    /// A character outside the encoding's alphabet; `position` counts characters from 0.
    #[error("info hash has invalid {encoding} character {character:?} at position {position}")]
    InfoHashCharacter {
        encoding: &'static str,
        character: char,
        position: usize,
    },

    /// Raw bytes that are not exactly 20 long.
    #[error("info hash has {len} bytes, expected 20")]
    InfoHashBytes { len: usize },

    /// A `magnet:` URI that does not carry a usable v1 info hash.
    #[error("magnet uri {reason}")]
    Magnet { reason: &'static str },

    /// A name that is not one of an enum's values or documented aliases.
    #[error("unknown {kind} {value:?}, expected one of: {expected}")]
    UnknownVariant {
        kind: &'static str,
        value: String,
        expected: String,
    },

    /// An episode list such as "S01E02-04, S03" that does not parse; `position` is a byte
    /// offset into `input`.
    #[error("invalid episodes {input:?} at byte {position}: {reason}")]
    Episodes {
        input: String,
        position: usize,
        reason: &'static str,
    },
}
