//! The general type of a file, guessed from its extension.
//!
//! The table is a superset of bitmagnet's, so files keep the type they had there, with two
//! exceptions: split-archive parts (`r00`–`r99`, `001`–`999`) are archives, and comic book
//! archives (`cbr`, `cbz`, ...) are documents because a reader opens them as a book.

use crate::pb::torrent::file::FileType as PbFileType;
use crate::string_enum::string_enum;

string_enum! {
    /// The general type of a file, with bitmagnet's names.
    pub enum FileType as "file type" {
        /// The extension is missing or not in the table.
        Unknown = "unknown",
        Archive = "archive",
        Audio = "audio",
        Data = "data",
        Document = "document",
        Image = "image",
        Software = "software",
        Subtitles = "subtitles",
        Video = "video",
    }
    aliases {}
}

const ARCHIVE: &[&str] = &[
    "7z", "ace", "arj", "bz2", "cab", "gz", "img", "iso", "lz", "lzh", "lzma", "mdf", "mds", "nrg",
    "rar", "tar", "tbz2", "tgz", "txz", "xz", "z", "zip", "zst",
];
const AUDIO: &[&str] = &[
    "aac", "ac3", "aif", "aiff", "alac", "ape", "dff", "dsf", "dts", "flac", "m4a", "m4b", "mid",
    "midi", "mka", "mp2", "mp3", "mpc", "oga", "ogg", "opus", "tak", "tta", "wav", "wma", "wv",
];
const DATA: &[&str] = &[
    "bak", "csv", "cue", "dat", "db", "ifo", "ini", "json", "log", "m3u", "m3u8", "md5", "nzb",
    "par2", "sfv", "sha1", "sha256", "sql", "sqlite", "sqlite3", "torrent", "xls", "xlsx", "xml",
    "yaml", "yml",
];
const DOCUMENT: &[&str] = &[
    "azw", "azw3", "cb7", "cbr", "cbt", "cbz", "chm", "djvu", "doc", "docx", "epub", "fb2", "htm",
    "html", "lit", "md", "mobi", "nfo", "odt", "otf", "pdf", "ppt", "pptx", "rtf", "txt", "xps",
];
const IMAGE: &[&str] = &[
    "avif", "bmp", "dds", "gif", "heic", "ico", "jpeg", "jpg", "png", "psd", "svg", "tga", "tif",
    "tiff", "webp",
];
const SOFTWARE: &[&str] = &[
    "apk", "appimage", "bat", "bin", "cmd", "deb", "dll", "dmg", "exe", "ipa", "jar", "lua", "msi",
    "msix", "nsp", "package", "pkg", "ps1", "rpm", "sh", "xapk", "xci",
];
const SUBTITLES: &[&str] = &["ass", "idx", "smi", "srt", "ssa", "sub", "sup", "vtt"];
const VIDEO: &[&str] = &[
    "3g2", "3gp", "asf", "avi", "divx", "f4v", "flv", "m2ts", "m2v", "m4v", "mk3d", "mkv", "mov",
    "mp4", "mpe", "mpeg", "mpg", "mts", "ogm", "ogv", "qt", "rm", "rmvb", "ts", "vob", "webm",
    "wmv",
];

/// Longer than any extension in the table.
const MAX_EXTENSION_LEN: usize = 16;

impl FileType {
    /// The file type for an extension, with or without its leading dot, in any case;
    /// `Unknown` when the extension is not in the table.
    ///
    /// Besides [`FileType::extensions`], split-archive parts `r00`–`r99` and
    /// `001`–`999` are archives.
    pub fn from_extension(extension: &str) -> FileType {
        let extension = extension.strip_prefix('.').unwrap_or(extension);
        if extension.is_empty() || extension.len() > MAX_EXTENSION_LEN {
            return FileType::Unknown;
        }
        let mut buf = [0u8; MAX_EXTENSION_LEN];
        let lower = &mut buf[..extension.len()];
        lower.copy_from_slice(extension.as_bytes());
        lower.make_ascii_lowercase();
        let Ok(lower) = std::str::from_utf8(lower) else {
            return FileType::Unknown;
        };
        if is_split_archive_part(lower) {
            return FileType::Archive;
        }
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.extensions().contains(&lower))
            .unwrap_or(FileType::Unknown)
    }

    /// The extensions of this type in the table, lower-case, sorted. The pattern-matched
    /// split-archive parts are not listed.
    pub const fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Unknown => &[],
            FileType::Archive => ARCHIVE,
            FileType::Audio => AUDIO,
            FileType::Data => DATA,
            FileType::Document => DOCUMENT,
            FileType::Image => IMAGE,
            FileType::Software => SOFTWARE,
            FileType::Subtitles => SUBTITLES,
            FileType::Video => VIDEO,
        }
    }

    /// True when `extension` (lower-case, without dot) is in the table.
    pub fn is_known_extension(extension: &str) -> bool {
        FileType::from_extension(extension) != FileType::Unknown
    }
}

/// `r00`–`r99` (old-style RAR volumes) and `001`–`999` (split archives).
fn is_split_archive_part(lower: &str) -> bool {
    match lower.as_bytes() {
        [b'r', a, b] => a.is_ascii_digit() && b.is_ascii_digit(),
        [a, b, c] => {
            a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() && lower != "000"
        }
        _ => false,
    }
}

impl From<FileType> for PbFileType {
    fn from(value: FileType) -> Self {
        match value {
            FileType::Unknown => Self::Unknown,
            FileType::Archive => Self::Archive,
            FileType::Audio => Self::Audio,
            FileType::Data => Self::Data,
            FileType::Document => Self::Document,
            FileType::Image => Self::Image,
            FileType::Software => Self::Software,
            FileType::Subtitles => Self::Subtitles,
            FileType::Video => Self::Video,
        }
    }
}

impl From<PbFileType> for FileType {
    fn from(value: PbFileType) -> Self {
        match value {
            PbFileType::Unknown => Self::Unknown,
            PbFileType::Archive => Self::Archive,
            PbFileType::Audio => Self::Audio,
            PbFileType::Data => Self::Data,
            PbFileType::Document => Self::Document,
            PbFileType::Image => Self::Image,
            PbFileType::Software => Self::Software,
            PbFileType::Subtitles => Self::Subtitles,
            PbFileType::Video => Self::Video,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_round_trip_through_str_serde_and_pb() {
        assert_eq!(FileType::ALL.len(), 9);
        for &ft in FileType::ALL {
            assert_eq!(ft.as_str().parse::<FileType>(), Ok(ft));
            assert_eq!(ft.as_str().to_uppercase().parse::<FileType>(), Ok(ft));
            let json = serde_json::to_string(&ft).unwrap();
            assert_eq!(json, format!("\"{ft}\""));
            assert_eq!(serde_json::from_str::<FileType>(&json).unwrap(), ft);
            let pb = PbFileType::from(ft);
            assert_eq!(pb.as_str_name(), ft.as_str());
            assert_eq!(FileType::from(pb), ft);
        }
        assert!("movie".parse::<FileType>().is_err());
    }

    #[test]
    fn classifies_common_extensions() {
        let cases = [
            ("mkv", FileType::Video),
            ("MP4", FileType::Video),
            (".avi", FileType::Video),
            ("ts", FileType::Video),
            ("flac", FileType::Audio),
            ("m4b", FileType::Audio),
            ("srt", FileType::Subtitles),
            ("idx", FileType::Subtitles),
            ("jpg", FileType::Image),
            ("epub", FileType::Document),
            ("cbz", FileType::Document),
            ("nfo", FileType::Document),
            ("zip", FileType::Archive),
            ("iso", FileType::Archive),
            ("r00", FileType::Archive),
            ("R42", FileType::Archive),
            ("001", FileType::Archive),
            ("999", FileType::Archive),
            ("exe", FileType::Software),
            ("dmg", FileType::Software),
            ("appimage", FileType::Software),
            ("torrent", FileType::Data),
            ("sqlite", FileType::Data),
            ("xlsx", FileType::Data),
        ];
        for (ext, want) in cases {
            assert_eq!(FileType::from_extension(ext), want, "{ext}");
        }
    }

    #[test]
    fn unknown_extensions_are_unknown() {
        for ext in [
            "",
            ".",
            "xyz",
            "1080p",
            "000",
            "0001",
            "r0",
            "r100",
            "rr1",
            "mkv2",
            "é",
            "averyveryverylongextension",
        ] {
            assert_eq!(FileType::from_extension(ext), FileType::Unknown, "{ext:?}");
            assert!(!FileType::is_known_extension(ext), "{ext:?}");
        }
    }

    #[test]
    fn table_is_lower_case_sorted_and_each_extension_has_one_type() {
        let mut seen = HashSet::new();
        for &ft in FileType::ALL {
            let exts = ft.extensions();
            assert!(
                exts.windows(2).all(|w| w[0] < w[1]),
                "{ft} table not sorted"
            );
            for &ext in exts {
                assert!(ext.len() <= MAX_EXTENSION_LEN);
                assert_eq!(ext, ext.to_ascii_lowercase());
                assert!(seen.insert(ext), "{ext} listed twice");
                assert_eq!(FileType::from_extension(ext), ft, "{ext}");
            }
        }
    }
}
