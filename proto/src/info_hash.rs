//! The 20-byte BitTorrent v1 info hash (BEP 3: the SHA-1 of the bencoded info dictionary).
//!
//! Text forms accepted by [`InfoHash::from_str`]:
//! - 40 hex characters, any case;
//! - 32 base32 characters (RFC 4648 alphabet, any case), the older form of magnet links;
//! - a magnet URI (BEP 9) whose `xt` (or `xt.N`) parameter is `urn:btih:` and either of the
//!   above. v2-only magnets (`urn:btmh:`) are refused.

use std::fmt;
use std::str::FromStr;

use data_encoding::{BASE32, HEXLOWER, HEXLOWER_PERMISSIVE};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ProtoError;

/// A BitTorrent v1 info hash. Displays and serializes as 40 lower-case hex characters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InfoHash([u8; 20]);

const HEX_LEN: usize = 40;
const BASE32_LEN: usize = 32;

impl InfoHash {
    /// Length of an info hash in bytes.
    pub const LEN: usize = 20;

    pub const fn new(bytes: [u8; 20]) -> Self {
        InfoHash(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Copies a 20-byte slice; any other length is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProtoError> {
        <[u8; 20]>::try_from(bytes)
            .map(InfoHash)
            .map_err(|_| ProtoError::InfoHashBytes { len: bytes.len() })
    }

    /// 40 lower-case hex characters.
    pub fn to_hex(&self) -> String {
        HEXLOWER.encode(&self.0)
    }

    /// 32 upper-case base32 characters, the form some magnet links use.
    pub fn to_base32(&self) -> String {
        BASE32.encode(&self.0)
    }

    /// A BEP 9 magnet link with the hex hash and, when given, a percent-encoded `dn`.
    pub fn to_magnet(&self, display_name: Option<&str>) -> String {
        let mut uri = format!("magnet:?xt=urn:btih:{}", self.to_hex());
        if let Some(name) = display_name {
            uri.push_str("&dn=");
            percent_encode_into(name, &mut uri);
        }
        uri
    }

    /// Parses 40 hex or 32 base32 characters (no magnet URI).
    fn parse_hash_text(text: &str) -> Result<Self, ProtoError> {
        let len = text.chars().count();
        let (encoding, valid): (&'static str, fn(char) -> bool) = match len {
            HEX_LEN => ("hex", |c| c.is_ascii_hexdigit()),
            BASE32_LEN => ("base32", |c| {
                c.is_ascii_alphabetic() || ('2'..='7').contains(&c)
            }),
            _ => return Err(ProtoError::InfoHashLength { len }),
        };
        if let Some((position, character)) = text.chars().enumerate().find(|&(_, c)| !valid(c)) {
            return Err(ProtoError::InfoHashCharacter {
                encoding,
                character,
                position,
            });
        }
        // Every character is ASCII now, so byte lengths equal character counts.
        let decoded = if len == HEX_LEN {
            HEXLOWER_PERMISSIVE.decode(text.as_bytes())
        } else {
            BASE32.decode(text.to_ascii_uppercase().as_bytes())
        };
        let bytes = decoded.map_err(|e| ProtoError::InfoHashCharacter {
            encoding,
            character: char::from(text.as_bytes()[e.position.min(len - 1)]),
            position: e.position,
        })?;
        InfoHash::from_bytes(&bytes)
    }

    /// Finds the first `xt=urn:btih:` parameter of a magnet URI's query (BEP 9).
    fn parse_magnet(uri: &str) -> Result<Self, ProtoError> {
        let query = match uri.find('?') {
            Some(i) => &uri[i + 1..],
            None => {
                return Err(ProtoError::Magnet {
                    reason: "has no query",
                });
            }
        };
        let mut saw_v2 = false;
        for param in query.split('&') {
            let Some((key, value)) = param.split_once('=') else {
                continue;
            };
            // BEP 9 numbers repeated exact topics: xt.1, xt.2, ...
            if !(key == "xt" || key.strip_prefix("xt.").is_some_and(is_all_digits)) {
                continue;
            }
            let value = percent_decode(value)?;
            if let Some(hash) = strip_prefix_ignore_case(&value, "urn:btih:") {
                return Self::parse_hash_text(hash);
            }
            saw_v2 |= strip_prefix_ignore_case(&value, "urn:btmh:").is_some();
        }
        Err(ProtoError::Magnet {
            reason: if saw_v2 {
                "has only a v2 urn:btmh: topic, which is not supported"
            } else {
                "has no xt=urn:btih: parameter"
            },
        })
    }
}

fn is_all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn percent_decode(s: &str) -> Result<String, ProtoError> {
    let bad = ProtoError::Magnet {
        reason: "has an invalid percent-escape",
    };
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hi = bytes.next().and_then(|c| char::from(c).to_digit(16));
                let lo = bytes.next().and_then(|c| char::from(c).to_digit(16));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push((hi * 16 + lo) as u8),
                    _ => return Err(bad),
                }
            }
            b'+' => out.push(b' '),
            _ => out.push(b),
        }
    }
    String::from_utf8(out).map_err(|_| bad)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode_into(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

impl FromStr for InfoHash {
    type Err = ProtoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if strip_prefix_ignore_case(s, "magnet:").is_some() {
            Self::parse_magnet(s)
        } else {
            Self::parse_hash_text(s)
        }
    }
}

impl fmt::Display for InfoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for InfoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InfoHash({})", self.to_hex())
    }
}

impl From<[u8; 20]> for InfoHash {
    fn from(bytes: [u8; 20]) -> Self {
        InfoHash(bytes)
    }
}

impl From<InfoHash> for [u8; 20] {
    fn from(hash: InfoHash) -> Self {
        hash.0
    }
}

impl TryFrom<&[u8]> for InfoHash {
    type Error = ProtoError;

    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        InfoHash::from_bytes(bytes)
    }
}

impl AsRef<[u8]> for InfoHash {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for InfoHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

/// Reads any form [`InfoHash::from_str`] accepts.
impl<'de> Deserialize<'de> for InfoHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = InfoHash;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an info hash as 40 hex or 32 base32 characters")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<InfoHash, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One hash in both text forms.
    const HEX: &str = "3b245504cf5f11bbdbe1201cea6a6bf45aee1bc0";
    const B32: &str = "HMSFKBGPL4I3XW7BEAOOU2TL6RNO4G6A";

    fn sample() -> InfoHash {
        HEX.parse().unwrap()
    }

    #[test]
    fn parses_hex_in_any_case() {
        let hash = sample();
        assert_eq!(hash.as_bytes()[..4], [0x3b, 0x24, 0x55, 0x04]);
        assert_eq!(hash.as_bytes()[19], 0xc0);
        assert_eq!(HEX.to_uppercase().parse::<InfoHash>(), Ok(hash));
        assert_eq!(hash.to_string(), HEX);
        assert_eq!(hash.to_hex(), HEX);
        assert_eq!(format!("{hash:?}"), format!("InfoHash({HEX})"));
    }

    #[test]
    fn parses_base32_in_any_case() {
        assert_eq!(sample().to_base32(), B32);
        assert_eq!(B32.parse::<InfoHash>(), Ok(sample()));
        assert_eq!(B32.to_lowercase().parse::<InfoHash>(), Ok(sample()));
    }

    #[test]
    fn parses_magnet_uris() {
        let cases = [
            format!("magnet:?xt=urn:btih:{HEX}&dn=ubuntu-22.04-desktop-amd64.iso"),
            format!("magnet:?dn=ubuntu&tr=udp%3A%2F%2Ftracker&xt=urn:btih:{B32}"),
            format!("MAGNET:?xt=URN:BTIH:{}", HEX.to_uppercase()),
            format!("magnet:?xt=urn%3Abtih%3A{HEX}"),
            format!("magnet:?xt.1=urn:btmh:1220abcd&xt.2=urn:btih:{HEX}"),
        ];
        for uri in &cases {
            assert_eq!(uri.parse::<InfoHash>(), Ok(sample()), "{uri}");
        }
    }

    #[test]
    fn magnet_round_trips_with_a_display_name() {
        let uri = sample().to_magnet(Some("Ubuntu 22.04 & friends/ü"));
        assert_eq!(
            uri,
            format!("magnet:?xt=urn:btih:{HEX}&dn=Ubuntu%2022.04%20%26%20friends%2F%C3%BC")
        );
        assert_eq!(uri.parse::<InfoHash>(), Ok(sample()));
        assert_eq!(
            sample().to_magnet(None),
            format!("magnet:?xt=urn:btih:{HEX}")
        );
    }

    #[test]
    fn refuses_wrong_lengths() {
        for (text, len) in [
            ("", 0),
            ("abc", 3),
            (&HEX[..39], 39),
            (&format!("{HEX}0")[..], 41),
        ] {
            assert_eq!(
                text.parse::<InfoHash>(),
                Err(ProtoError::InfoHashLength { len })
            );
        }
        let err = "abc".parse::<InfoHash>().unwrap_err().to_string();
        assert_eq!(
            err,
            "info hash has 3 characters, expected 40 hex or 32 base32 characters"
        );
    }

    #[test]
    fn names_the_bad_character_and_its_position() {
        let mut bad_hex = HEX.to_string();
        bad_hex.replace_range(7..8, "g");
        assert_eq!(
            bad_hex.parse::<InfoHash>(),
            Err(ProtoError::InfoHashCharacter {
                encoding: "hex",
                character: 'g',
                position: 7
            })
        );
        let mut bad_b32 = B32.to_string();
        bad_b32.replace_range(31..32, "1");
        let err = bad_b32.parse::<InfoHash>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "info hash has invalid base32 character '1' at position 31"
        );
        // Non-ASCII counts as one character, both for the length and the position.
        let mut non_ascii = HEX.to_string();
        non_ascii.replace_range(0..1, "é");
        assert_eq!(
            non_ascii.parse::<InfoHash>(),
            Err(ProtoError::InfoHashCharacter {
                encoding: "hex",
                character: 'é',
                position: 0
            })
        );
    }

    #[test]
    fn refuses_unusable_magnets() {
        let cases = [
            ("magnet:", "has no query"),
            ("magnet:?dn=foo", "has no xt=urn:btih: parameter"),
            ("magnet:?xtra=urn:btih:abc", "has no xt=urn:btih: parameter"),
            (
                "magnet:?xt=urn:btmh:1220abcdef",
                "has only a v2 urn:btmh: topic, which is not supported",
            ),
            ("magnet:?xt=urn%3Gbtih", "has an invalid percent-escape"),
        ];
        for (uri, reason) in cases {
            assert_eq!(
                uri.parse::<InfoHash>(),
                Err(ProtoError::Magnet { reason }),
                "{uri}"
            );
        }
        assert_eq!(
            "magnet:?xt=urn:btih:1234".parse::<InfoHash>(),
            Err(ProtoError::InfoHashLength { len: 4 })
        );
    }

    #[test]
    fn converts_from_bytes() {
        let bytes = *sample().as_bytes();
        assert_eq!(InfoHash::from_bytes(&bytes), Ok(sample()));
        assert_eq!(InfoHash::try_from(&bytes[..]), Ok(sample()));
        assert_eq!(InfoHash::from(bytes), sample());
        assert_eq!(<[u8; 20]>::from(sample()), bytes);
        assert_eq!(
            InfoHash::from_bytes(&bytes[..19]),
            Err(ProtoError::InfoHashBytes { len: 19 })
        );
        assert_eq!(
            InfoHash::from_bytes(&[0; 32]).unwrap_err().to_string(),
            "info hash has 32 bytes, expected 20"
        );
    }

    #[test]
    fn serde_writes_hex_and_reads_any_form() {
        assert_eq!(
            serde_json::to_string(&sample()).unwrap(),
            format!("\"{HEX}\"")
        );
        for text in [HEX, B32] {
            let parsed: InfoHash = serde_json::from_str(&format!("\"{text}\"")).unwrap();
            assert_eq!(parsed, sample());
        }
        let err = serde_json::from_str::<InfoHash>("\"abc\"").unwrap_err();
        assert!(
            err.to_string().contains("info hash has 3 characters"),
            "{err}"
        );
        assert!(serde_json::from_str::<InfoHash>("42").is_err());
    }

    proptest! {
        #[test]
        fn hex_round_trips(bytes in any::<[u8; 20]>()) {
            let hash = InfoHash::new(bytes);
            let hex = hash.to_hex();
            prop_assert_eq!(hex.len(), 40);
            prop_assert_eq!(hex.parse::<InfoHash>(), Ok(hash));
            prop_assert_eq!(hex.to_uppercase().parse::<InfoHash>(), Ok(hash));
        }

        #[test]
        fn base32_round_trips(bytes in any::<[u8; 20]>()) {
            let hash = InfoHash::new(bytes);
            let b32 = hash.to_base32();
            prop_assert_eq!(b32.len(), 32);
            prop_assert_eq!(b32.parse::<InfoHash>(), Ok(hash));
            prop_assert_eq!(b32.to_lowercase().parse::<InfoHash>(), Ok(hash));
        }

        #[test]
        fn magnet_and_json_round_trip(bytes in any::<[u8; 20]>(), name in ".{0,20}") {
            let hash = InfoHash::new(bytes);
            prop_assert_eq!(hash.to_magnet(Some(&name)).parse::<InfoHash>(), Ok(hash));
            let json = serde_json::to_string(&hash).unwrap();
            prop_assert_eq!(serde_json::from_str::<InfoHash>(&json).unwrap(), hash);
        }
    }
}
