//! Builds the [`pb::Torrent`] that classifier documents evaluate, computing the derived
//! fields (`baseName`, `extension`, `fileExtensions`, `filesCount`, `filesSize` and each
//! file's `basePath`, `baseName`, `extension`, `fileType`) as `lodestone.proto` documents.
//!
//! ```
//! use lodestone_proto::{InfoHash, TorrentView};
//!
//! let hash: InfoHash = "3b245504cf5f11bbdbe1201cea6a6bf45aee1bc0".parse().unwrap();
//! let torrent = TorrentView::new(hash, "Show.S01", 300)
//!     .files([("Show.S01/E01.mkv", 200), ("Show.S01/E01.srt", 100)])
//!     .seeders(12)
//!     .build();
//! assert_eq!(torrent.file_extensions, ["mkv", "srt"]);
//! assert_eq!(torrent.files_count, Some(2));
//! ```

use std::collections::BTreeSet;

use crate::{FileType, InfoHash, file_path, pb};

/// What is known about a torrent's files (BEP 3 info dictionary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileList {
    /// The info dictionary has not been fetched: only the name and size are known.
    Unknown,
    /// A single-file torrent (the info dictionary has `length`): the name is the file.
    Single,
    /// A multi-file torrent (the info dictionary has `files`): paths joined with "/" and
    /// sizes, in info dictionary order. May hold only the first files of a huge torrent,
    /// see [`TorrentView::files_count`].
    Multi(Vec<(String, u64)>),
}

/// A builder for the classifier's view of one torrent.
#[derive(Debug, Clone)]
pub struct TorrentView {
    info_hash: InfoHash,
    name: String,
    size: u64,
    files: FileList,
    files_count: Option<u32>,
    seeders: Option<u32>,
    leechers: Option<u32>,
    has_hint: bool,
    has_hinted_content_id: bool,
}

impl TorrentView {
    /// A torrent whose files are not known yet; no seeders, leechers or hint.
    pub fn new(info_hash: InfoHash, name: impl Into<String>, size: u64) -> Self {
        TorrentView {
            info_hash,
            name: name.into(),
            size,
            files: FileList::Unknown,
            files_count: None,
            seeders: None,
            leechers: None,
            has_hint: false,
            has_hinted_content_id: false,
        }
    }

    pub fn file_list(mut self, files: FileList) -> Self {
        self.files = files;
        self
    }

    /// The torrent is one file, named by the torrent's name.
    pub fn single_file(self) -> Self {
        self.file_list(FileList::Single)
    }

    /// The torrent is a multi-file torrent with these (path, size) entries, in info
    /// dictionary order; each file's index is its position here.
    pub fn files<P: Into<String>>(self, files: impl IntoIterator<Item = (P, u64)>) -> Self {
        let files = files.into_iter().map(|(p, s)| (p.into(), s)).collect();
        self.file_list(FileList::Multi(files))
    }

    /// The number of files in the info dictionary, for a multi-file torrent whose list
    /// holds only the first of them. Ignored for other file lists.
    pub fn files_count(mut self, count: u32) -> Self {
        self.files_count = Some(count);
        self
    }

    pub fn seeders(mut self, seeders: impl Into<Option<u32>>) -> Self {
        self.seeders = seeders.into();
        self
    }

    pub fn leechers(mut self, leechers: impl Into<Option<u32>>) -> Self {
        self.leechers = leechers.into();
        self
    }

    /// Whether a hint exists, and whether it names content to attach.
    pub fn hint(mut self, has_hint: bool, has_hinted_content_id: bool) -> Self {
        self.has_hint = has_hint;
        self.has_hinted_content_id = has_hinted_content_id;
        self
    }

    pub fn build(self) -> pb::Torrent {
        let name = self.name;
        let size = self.size;
        // The name stands for the torrent's one file when the torrent is single-file, or
        // when nothing is known but the name ends in a known extension.
        let name_is_file = match &self.files {
            FileList::Single => true,
            FileList::Unknown => {
                file_path::extension(&name).is_some_and(|ext| FileType::is_known_extension(&ext))
            }
            FileList::Multi(_) => false,
        };
        let (files, files_count, files_size) = match self.files {
            FileList::Single => (vec![pb_file(0, name.clone(), size)], Some(1), Some(size)),
            FileList::Unknown if name_is_file => {
                (vec![pb_file(0, name.clone(), size)], None, Some(size))
            }
            FileList::Unknown => (Vec::new(), None, None),
            FileList::Multi(list) => {
                let count = self.files_count.unwrap_or(saturate_u32(list.len()));
                // An empty list of a multi-file torrent is a list left out, not no files.
                let listed_size = if list.is_empty() {
                    size
                } else {
                    list.iter().fold(0u64, |sum, (_, s)| sum.saturating_add(*s))
                };
                let files = list
                    .into_iter()
                    .enumerate()
                    .map(|(i, (path, s))| pb_file(i, path, s))
                    .collect();
                (files, Some(count), Some(listed_size))
            }
        };
        let file_extensions: BTreeSet<&String> =
            files.iter().filter_map(|f| f.extension.as_ref()).collect();
        pb::Torrent {
            info_hash: self.info_hash.to_hex(),
            base_name: if name_is_file {
                file_path::base_path(&name).to_owned()
            } else {
                name.clone()
            },
            extension: if name_is_file {
                file_path::extension(&name)
            } else {
                None
            },
            file_extensions: file_extensions.into_iter().cloned().collect(),
            files_count: files_count.map(saturate_i32),
            files_size: files_size.map(saturate_i64),
            files,
            name,
            size: saturate_i64(size),
            seeders: self.seeders.map(saturate_i32),
            leechers: self.leechers.map(saturate_i32),
            has_hint: self.has_hint,
            has_hinted_content_id: self.has_hinted_content_id,
        }
    }
}

fn pb_file(index: usize, path: String, size: u64) -> pb::torrent::File {
    let file_type = file_path::file_type(&path);
    pb::torrent::File {
        index: saturate_i32(saturate_u32(index)),
        base_path: file_path::base_path(&path).to_owned(),
        base_name: file_path::base_name(&path).to_owned(),
        extension: file_path::extension(&path),
        file_type: pb::torrent::file::FileType::from(file_type).into(),
        size: saturate_i64(size),
        path,
    }
}

fn saturate_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn saturate_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn saturate_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pb::torrent::file::FileType as PbFileType;

    fn hash() -> InfoHash {
        InfoHash::new([0xab; 20])
    }

    #[test]
    fn single_file_torrent() {
        let t = TorrentView::new(hash(), "Big.Buck.Bunny.2008.1080p.MKV", 1_000)
            .single_file()
            .seeders(5)
            .leechers(0)
            .hint(true, false)
            .build();
        assert_eq!(t.info_hash, "ab".repeat(20));
        assert_eq!(t.name, "Big.Buck.Bunny.2008.1080p.MKV");
        assert_eq!(t.base_name, "Big.Buck.Bunny.2008.1080p");
        assert_eq!(t.size, 1_000);
        assert_eq!(t.extension.as_deref(), Some("mkv"));
        assert_eq!(t.files_count, Some(1));
        assert_eq!(t.files_size, Some(1_000));
        assert_eq!(t.file_extensions, ["mkv"]);
        assert_eq!((t.seeders, t.leechers), (Some(5), Some(0)));
        assert!(t.has_hint);
        assert!(!t.has_hinted_content_id);
        let [file] = &t.files[..] else {
            panic!("expected one file, got {:?}", t.files)
        };
        assert_eq!(file.index, 0);
        assert_eq!(file.path, t.name);
        assert_eq!(file.base_path, "Big.Buck.Bunny.2008.1080p");
        assert_eq!(file.base_name, "Big.Buck.Bunny.2008.1080p");
        assert_eq!(file.extension.as_deref(), Some("mkv"));
        assert_eq!(file.file_type(), PbFileType::Video);
        assert_eq!(file.size, 1_000);
    }

    #[test]
    fn single_file_without_extension() {
        let t = TorrentView::new(hash(), "README", 10).single_file().build();
        assert_eq!(t.base_name, "README");
        assert_eq!(t.extension, None);
        assert!(t.file_extensions.is_empty());
        assert_eq!(t.files[0].file_type(), PbFileType::Unknown);
        assert_eq!(t.files_count, Some(1));
    }

    #[test]
    fn multi_file_torrent() {
        let t = TorrentView::new(hash(), "Show.S01.1080p.WEB-DL", 350)
            .files([
                ("Show.S01.1080p.WEB-DL/Show.S01E01.mkv", 200u64),
                ("Show.S01.1080p.WEB-DL/Subs/English.SRT", 10),
                ("Show.S01.1080p.WEB-DL/Show.S01E02.mkv", 130),
                ("Show.S01.1080p.WEB-DL/info.nfo", 10),
                ("Show.S01.1080p.WEB-DL/Sample", 0),
            ])
            .build();
        assert_eq!(t.base_name, "Show.S01.1080p.WEB-DL");
        assert_eq!(t.extension, None);
        assert_eq!(t.files_count, Some(5));
        assert_eq!(t.files_size, Some(350));
        assert_eq!(t.file_extensions, ["mkv", "nfo", "srt"]);
        assert_eq!((t.seeders, t.leechers), (None, None));
        let summary: Vec<_> = t
            .files
            .iter()
            .map(|f| {
                (
                    f.index,
                    f.base_name.as_str(),
                    f.extension.as_deref(),
                    f.file_type(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (0, "Show.S01E01", Some("mkv"), PbFileType::Video),
                (1, "English", Some("srt"), PbFileType::Subtitles),
                (2, "Show.S01E02", Some("mkv"), PbFileType::Video),
                (3, "info", Some("nfo"), PbFileType::Document),
                (4, "Sample", None, PbFileType::Unknown),
            ]
        );
        assert_eq!(t.files[1].base_path, "Show.S01.1080p.WEB-DL/Subs/English");
        assert_eq!(t.files[4].base_path, "Show.S01.1080p.WEB-DL/Sample");
    }

    #[test]
    fn truncated_multi_file_list_keeps_the_real_count() {
        let t = TorrentView::new(hash(), "Huge", 5_000)
            .files_count(20_000)
            .files([("Huge/a.flac", 100u64), ("Huge/b.flac", 100)])
            .build();
        assert_eq!(t.files_count, Some(20_000));
        assert_eq!(t.files_size, Some(200));
        assert_eq!(t.file_extensions, ["flac"]);

        let none_listed = TorrentView::new(hash(), "Huge", 5_000)
            .files(Vec::<(String, u64)>::new())
            .files_count(20_000)
            .build();
        assert!(none_listed.files.is_empty());
        assert_eq!(none_listed.files_size, Some(5_000));
        assert_eq!(none_listed.files_count, Some(20_000));
    }

    #[test]
    fn unknown_files_with_a_known_extension_stand_for_one_file() {
        let t = TorrentView::new(hash(), "Album.zip", 70).build();
        assert_eq!(t.extension.as_deref(), Some("zip"));
        assert_eq!(t.base_name, "Album");
        assert_eq!(t.files.len(), 1);
        assert_eq!(t.files[0].file_type(), PbFileType::Archive);
        assert_eq!(t.files_count, None);
        assert_eq!(t.files_size, Some(70));
        assert_eq!(t.file_extensions, ["zip"]);
    }

    #[test]
    fn unknown_files_without_a_known_extension_stay_unknown() {
        for name in [
            "Show.S01.1080p.WEB-DL",
            "Some.Release.abc",
            "Movie.2019.1080p",
        ] {
            let t = TorrentView::new(hash(), name, 70).build();
            assert_eq!(t.base_name, name);
            assert_eq!(t.extension, None, "{name}");
            assert!(t.files.is_empty(), "{name}");
            assert_eq!(t.files_count, None);
            assert_eq!(t.files_size, None);
            assert!(t.file_extensions.is_empty());
        }
    }

    #[test]
    fn out_of_range_numbers_saturate() {
        let t = TorrentView::new(hash(), "x.iso", u64::MAX)
            .single_file()
            .seeders(u32::MAX)
            .hint(true, true)
            .build();
        assert_eq!(t.size, i64::MAX);
        assert_eq!(t.files_size, Some(i64::MAX));
        assert_eq!(t.seeders, Some(i32::MAX));
        assert!(t.has_hinted_content_id);
    }
}
