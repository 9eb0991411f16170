//! Extensions, base paths and base names of "/"-separated torrent paths.
//!
//! The extension rule (also documented in `lodestone.proto`): take the last path
//! component; the extension is the text after its last `.`, lower-cased, provided the text
//! before that dot is not empty and the text after it is
//! - a known extension of [`FileType::from_extension`] (so `appimage` and `r01` count), or
//! - 1 to 5 ASCII letters and digits starting with a letter (so unlisted `abc` counts,
//!   while release-name tails such as `1080p` or `2019` do not).

use crate::FileType;

/// Longest unlisted extension accepted.
const MAX_UNLISTED_LEN: usize = 5;

/// Byte offset of the extension's dot, when `path` has an extension.
fn extension_dot(path: &str) -> Option<usize> {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    let name = &path[name_start..];
    let dot = name.rfind('.').filter(|&dot| dot > 0)?;
    let ext = &name[dot + 1..];
    let unlisted = (1..=MAX_UNLISTED_LEN).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && ext.as_bytes()[0].is_ascii_alphabetic();
    (unlisted || FileType::is_known_extension(ext)).then_some(name_start + dot)
}

/// The lower-case extension of the last component, without the dot.
pub fn extension(path: &str) -> Option<String> {
    extension_dot(path).map(|dot| path[dot + 1..].to_ascii_lowercase())
}

/// The path without its extension and the dot before it.
pub fn base_path(path: &str) -> &str {
    extension_dot(path).map_or(path, |dot| &path[..dot])
}

/// The last component of the path, without its extension.
pub fn base_name(path: &str) -> &str {
    let base = base_path(path);
    base.rfind('/').map_or(base, |i| &base[i + 1..])
}

/// The file type of the path's extension; `Unknown` without one.
pub fn file_type(path: &str) -> FileType {
    extension_dot(path).map_or(FileType::Unknown, |dot| {
        FileType::from_extension(&path[dot + 1..])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_extension_of_the_last_component() {
        let cases = [
            ("Movie.2019.1080p.BluRay.x264.MKV", Some("mkv")),
            ("dir.d/file.mp4", Some("mp4")),
            ("dir.mkv/README", None),
            ("notes.abc", Some("abc")),
            ("archive.part1.rar", Some("rar")),
            ("archive.r07", Some("r07")),
            ("disc.001", Some("001")),
            ("Linux.AppImage", Some("appimage")),
            ("Movie.2019.1080p", None),
            ("Movie.2019", None),
            ("Show.S01E01.720p", None),
            ("file.abcdef", None),
            ("file.a-b", None),
            ("file.", None),
            (".hidden", None),
            ("dir/.nfo", None),
            ("plain", None),
            ("", None),
            ("trailing/", None),
            ("über.ÄBC", None),
        ];
        for (path, want) in cases {
            assert_eq!(extension(path).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn base_path_and_base_name_drop_only_a_real_extension() {
        let cases = [
            ("a/b/Movie.mkv", "a/b/Movie", "Movie"),
            (
                "a/b/Movie.2019.1080p",
                "a/b/Movie.2019.1080p",
                "Movie.2019.1080p",
            ),
            ("Song.FLAC", "Song", "Song"),
            ("dir.mkv/README", "dir.mkv/README", "README"),
            ("plain", "plain", "plain"),
        ];
        for (path, want_path, want_name) in cases {
            assert_eq!(base_path(path), want_path, "{path}");
            assert_eq!(base_name(path), want_name, "{path}");
        }
    }

    #[test]
    fn file_type_follows_the_extension() {
        assert_eq!(file_type("x/Movie.MKV"), FileType::Video);
        assert_eq!(file_type("notes.abc"), FileType::Unknown);
        assert_eq!(file_type("Movie.2019.1080p"), FileType::Unknown);
        assert_eq!(file_type("mkv"), FileType::Unknown);
    }
}
