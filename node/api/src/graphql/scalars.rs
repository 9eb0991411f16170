//! Scalars the GraphQL built-ins do not cover: `DateTime` (RFC 3339 text) and `BigInt`
//! (a 64-bit integer; GraphQL's `Int` is 32-bit and torrent sizes are not).

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A point in time, written as RFC 3339 text in UTC (`2024-05-01T12:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub OffsetDateTime);

/// A point in time as RFC 3339 text, `2024-05-01T12:00:00Z`; read with any offset,
/// written in UTC.
#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => OffsetDateTime::parse(s, &Rfc3339)
                .map(DateTime)
                .map_err(|e| InputValueError::custom(format!("not an RFC 3339 time: {e}"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        let utc = self.0.to_offset(time::UtcOffset::UTC);
        // Rfc3339 fails only for years outside 0..=9999, which PostgreSQL's timestamptz
        // range and the store never produce; fall back to the debug form regardless.
        Value::String(utc.format(&Rfc3339).unwrap_or_else(|_| format!("{utc}")))
    }
}

/// A 64-bit signed integer (byte sizes). Written as a JSON number; JavaScript reads
/// integers exactly up to 2^53 (9 PB), far above any torrent. Read from a number or a
/// decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BigInt(pub i64);

/// A 64-bit signed integer, written as a JSON number (exact in JavaScript up to 2^53);
/// input may also be a decimal string.
#[Scalar(name = "BigInt")]
impl ScalarType for BigInt {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .map(BigInt)
                .ok_or_else(|| InputValueError::custom("not a 64-bit integer")),
            Value::String(s) => s
                .trim()
                .parse()
                .map(BigInt)
                .map_err(|_| InputValueError::custom("not a 64-bit integer")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn date_time_is_written_in_utc() {
        let t = DateTime(datetime!(2024-05-01 14:00:00 +02:00));
        assert_eq!(t.to_value(), Value::from("2024-05-01T12:00:00Z"));
        let back =
            <DateTime as ScalarType>::parse(Value::from("2024-05-01T12:00:00Z")).expect("parses");
        assert_eq!(back, t);
        assert!(<DateTime as ScalarType>::parse(Value::from("yesterday")).is_err());
    }

    #[test]
    fn big_int_exceeds_32_bits() {
        let size = BigInt(5_000_000_000);
        assert_eq!(size.to_value(), Value::Number(5_000_000_000i64.into()));
        assert_eq!(
            <BigInt as ScalarType>::parse(Value::from("5000000000")).expect("parses"),
            size
        );
        assert!(<BigInt as ScalarType>::parse(Value::from("5e9")).is_err());
    }
}
