//! Music albums, singles and discographies, and audiobooks.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::titles::{artist, author, native_title, person, short_title, title};
use super::{KB, Release, Titles, between, chance, mb, pick, title_dice, work_year};

struct Album {
    artist: String,
    title: String,
    year: i32,
    tracks: Vec<String>,
}

fn album<R: Rng + ?Sized>(artist_dice: &mut R, artist: &str, debut: i32, number: u64) -> Album {
    let mut a = ChaCha8Rng::seed_from_u64(artist_dice.random::<u64>() ^ number);
    let year = (debut + 2 * i32::try_from(number).unwrap_or(0)).min(2026);
    let tracks = (0..a.random_range(10..=20))
        .map(|_| short_title(&mut a))
        .collect();
    Album {
        artist: artist.to_owned(),
        title: title(&mut a),
        year,
        tracks,
    }
}

pub(super) fn music(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Artist, 300, 5_000);
    let artist = if chance(&mut t, 7) {
        native_title(&mut t).1
    } else {
        artist(&mut t)
    };
    let debut = work_year(&mut t).max(1955);
    let albums = t.random_range(1..=8);
    let flac = chance(rng, 50);
    let (ext, low, high) = if flac {
        if chance(rng, 30) {
            ("flac", mb(30), mb(60))
        } else {
            ("flac", mb(15), mb(45))
        }
    } else {
        ("mp3", mb(5), mb(15))
    };
    let format = if flac {
        pick(
            rng,
            &[
                "[FLAC]",
                "[FLAC] 24bit",
                "[FLAC 24-96]",
                "(FLAC)",
                "[WEB FLAC]",
                "[FLAC] {CD}",
            ],
        )
    } else {
        pick(
            rng,
            &[
                "MP3 320kbps",
                "[MP3 320]",
                "[MP3-320]",
                "(V0)",
                "320 kbps",
                "[mp3@320]",
            ],
        )
    };
    let roll = rng.random_range(0..100);
    if roll < 3 {
        let last = album(&mut t.clone(), &artist, debut, albums - 1).year;
        let name = format!("{artist} - Discography ({debut}-{last}) {format}");
        let mut files = Vec::new();
        for number in 0..albums.min(5) {
            let album = album(&mut t.clone(), &artist, debut, number);
            for (i, track) in album.tracks.iter().take(12).enumerate() {
                files.push((
                    format!(
                        "{} - {}/{:02} - {track}.{ext}",
                        album.year,
                        album.title,
                        i + 1
                    ),
                    between(rng, low, high),
                ));
            }
        }
        return Release::multi(name, files).year(last);
    }
    let album = album(&mut t, &artist, debut, rng.random_range(0..albums));
    let Album {
        artist,
        title,
        year,
        tracks,
    } = &album;
    let (name, tracks) = match roll {
        3..11 => (
            format!("{artist} - {} ({year}) [Single] {format}", tracks[0]),
            &tracks[..rng.random_range(1..=2)],
        ),
        11..23 => (
            format!("{artist} - {title} EP ({year}) {format}"),
            &tracks[..rng.random_range(4..=6)],
        ),
        23..32 if !flac => {
            let group = pick(rng, &["ENRiCH", "MARiBOR", "FATHEAD", "YARD", "FTD", "WEB"]);
            (
                format!(
                    "{}-{}-WEB-{year}-{group}",
                    artist.replace(' ', "_"),
                    title.replace(' ', "_")
                ),
                &tracks[..],
            )
        }
        23..50 => (format!("{artist} - {year} - {title} {format}"), &tracks[..]),
        _ => (format!("{artist} - {title} ({year}) {format}"), &tracks[..]),
    };
    let numbered_artist = chance(rng, 30);
    let mut files = Vec::with_capacity(tracks.len() + 3);
    for (i, track) in tracks.iter().enumerate() {
        let path = if numbered_artist {
            format!("{:02}. {artist} - {track}.{ext}", i + 1)
        } else {
            format!("{:02} - {track}.{ext}", i + 1)
        };
        files.push((path, between(rng, low, high)));
    }
    if chance(rng, 70) {
        files.push((
            (*pick(rng, &["cover.jpg", "folder.jpg", "Cover.jpg"])).to_owned(),
            between(rng, 100 * KB, mb(3)),
        ));
    }
    if flac && chance(rng, 40) {
        files.push((format!("{artist} - {title}.cue"), between(rng, KB, 4 * KB)));
        files.push((
            format!("{artist} - {title}.log"),
            between(rng, 4 * KB, 12 * KB),
        ));
    }
    Release::multi(name, files).year(*year)
}

pub(super) fn audiobook(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Audiobook, 200, 4_000);
    let (author, title, year) = (author(&mut t), title(&mut t), work_year(&mut t));
    let narrator = person(&mut t);
    let bitrate = pick(rng, &["64kbps", "128kbps", "32kbps", "VBR"]);
    let name = match rng.random_range(0..3) {
        0 => format!("{author} - {title} (Unabridged) [{year}] [M4B]"),
        1 => format!("{title} - {author} - Narrated by {narrator} - {year} [MP3 {bitrate}]"),
        _ => format!("{author} - {title} (Audiobook) {bitrate}"),
    };
    let mut files = Vec::new();
    if name.ends_with("[M4B]") || chance(rng, 30) {
        files.push((
            format!("{author} - {title}.m4b"),
            between(rng, mb(100), mb(900)),
        ));
    } else {
        for chapter in 1..=rng.random_range(8..=20) {
            files.push((
                format!("Chapter {chapter:02}.mp3"),
                between(rng, mb(10), mb(60)),
            ));
        }
    }
    if chance(rng, 60) {
        files.push(("cover.jpg".to_owned(), between(rng, 50 * KB, mb(2))));
    }
    Release::multi(name, files).year(year)
}
