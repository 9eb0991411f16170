//! The `string_enum!` macro: enums whose values are stored, sent and written in documents
//! by a fixed name.
//!
//! Each generated enum gets `ALL`, `as_str`, `Display`, a `FromStr` that accepts the
//! canonical names plus a short alias list, and serde impls that write `as_str` and read
//! through `FromStr`. Matching ignores ASCII case and the separators `-`, `_`, `.` and
//! space, so "WEB-DL", "web_dl" and "WEBDL" are all the same name.

/// True when `input` equals `name` after both drop separators and fold ASCII case.
pub(crate) fn loose_eq(input: &str, name: &str) -> bool {
    let significant = |c: &char| !matches!(c, '-' | '_' | '.' | ' ');
    let mut a = input.chars().filter(significant);
    let mut b = name.chars().filter(significant);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
        aliases { $( $alias:literal => $target:ident, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// Aliases accepted by `FromStr` besides the canonical names.
            pub const ALIASES: &'static [(&'static str, Self)] = &[$(($alias, Self::$target)),*];

            /// The canonical name, as stored and as written by serde.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ProtoError;

            /// Accepts the canonical names and [`Self::ALIASES`], ignoring ASCII case and
            /// the separators `-`, `_`, `.` and space.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let loose_eq = $crate::string_enum::loose_eq;
                if !s.trim().is_empty() {
                    if let Some(v) = Self::ALL.iter().find(|v| loose_eq(s, v.as_str())) {
                        return Ok(*v);
                    }
                    if let Some((_, v)) = Self::ALIASES.iter().find(|(a, _)| loose_eq(s, a)) {
                        return Ok(*v);
                    }
                }
                Err($crate::ProtoError::UnknownVariant {
                    kind: $kind,
                    value: s.to_owned(),
                    expected: Self::ALL
                        .iter()
                        .map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "a {} name", $kind)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        v.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::loose_eq;

    #[test]
    fn loose_eq_ignores_case_and_separators() {
        assert!(loose_eq("WEB-DL", "WEBDL"));
        assert!(loose_eq("web_dl", "WEBDL"));
        assert!(loose_eq("h.264", "H264"));
        assert!(loose_eq("tv show", "tv_show"));
        assert!(!loose_eq("webd", "WEBDL"));
        assert!(!loose_eq("webdll", "WEBDL"));
        assert!(!loose_eq("x264", "H264"));
    }
}
