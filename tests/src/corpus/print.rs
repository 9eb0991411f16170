//! Ebooks and comics.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::titles::{Script, author, native_title, title};
use super::words as w;
use super::{
    KB, Release, Titles, between, chance, date_dotted, mb, pick, published, recent_year,
    title_dice, work_year,
};

pub(super) fn ebook(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Ebook, 300, 8_000);
    let author = match chance(&mut t, 8).then(|| native_title(&mut t)) {
        Some((Script::Cyrillic | Script::Latin, native)) => native,
        _ => author(&mut t),
    };
    let title = title(&mut t);
    let year = work_year(&mut t);
    let release = match rng.random_range(0..100) {
        0..35 => Release::single(
            format!("{author} - {title} ({year}).epub"),
            between(rng, mb(1), mb(8)),
        ),
        35..45 => Release::single(
            format!("{title} - {author}.pdf"),
            between(rng, mb(3), mb(30)),
        ),
        45..65 => {
            let mut files = vec![(
                format!("{author} - {title}.epub"),
                between(rng, mb(1), mb(8)),
            )];
            if chance(rng, 40) {
                files.push((
                    format!("{author} - {title}.azw3"),
                    between(rng, mb(1), mb(10)),
                ));
            }
            if chance(rng, 30) {
                files.push(("cover.jpg".to_owned(), between(rng, 100 * KB, mb(2))));
            }
            Release::multi(
                format!("{author} - {title} ({year}) (Retail) (epub)"),
                files,
            )
        }
        65..80 => {
            let files = ["epub", "mobi", "pdf"]
                .iter()
                .map(|ext| {
                    (
                        format!("{title} - {author}.{ext}"),
                        between(rng, mb(1), mb(25)),
                    )
                })
                .collect();
            Release::multi(format!("{title} by {author} EPUB"), files)
        }
        80..95 => {
            let series = pick(&mut t, w::NOUNS);
            let number = rng.random_range(1..=9);
            Release::single(
                format!("{author} - [{series} {number}] - {title} (retail).azw3"),
                between(rng, mb(1), mb(6)),
            )
        }
        _ => {
            let count = rng.random_range(4..=12);
            let files = (0..count)
                .map(|_| {
                    (
                        format!("{author} - {}.epub", super::titles::title(rng)),
                        between(rng, mb(1), mb(8)),
                    )
                })
                .collect();
            Release::multi(
                format!("{author} - Collected Works ({count} books) (epub)"),
                files,
            )
        }
    };
    release.year(year)
}

pub(super) fn comic(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Comic, 200, 3_000);
    let series = match t.random_range(0..4) {
        0 => format!(
            "The Amazing {}-{}",
            pick(&mut t, w::NOUNS),
            pick(&mut t, &["Man", "Woman", "Girl", "Boy"])
        ),
        1 => format!("{} Legion", pick(&mut t, w::ADJECTIVES)),
        _ => title(&mut t),
    };
    let start = recent_year(&mut t);
    let scanner = pick(rng, w::SCANNERS);
    match rng.random_range(0..100) {
        0..60 => {
            let issue = rng.random_range(1..=120);
            let year = (start + issue / 12).min(2026);
            let name = format!("{series} {issue:03} ({year}) (Digital) ({scanner})");
            let size = between(rng, mb(15), mb(120));
            Release::single_or_folder(rng, name.clone(), format!("{name}.cbz"), size).year(year)
        }
        60..80 => {
            let volume = rng.random_range(1..=12);
            let name = format!("{series} Vol. {volume:02} ({start}) (Digital) ({scanner})");
            Release::single(format!("{name}.cbr"), between(rng, mb(100), mb(500))).year(start)
        }
        80..90 => {
            let published = published(rng, None);
            let name = format!("0-Day Week of {}", date_dotted(published.date()));
            let files = (0..rng.random_range(8..=20))
                .map(|_| {
                    let title = super::titles::title(rng);
                    let issue = rng.random_range(1..=60);
                    (
                        format!(
                            "{title} {issue:03} ({}) (Digital) ({}).cbz",
                            published.year(),
                            pick(rng, w::SCANNERS)
                        ),
                        between(rng, mb(15), mb(120)),
                    )
                })
                .collect();
            Release::multi(name, files).published(published)
        }
        _ => {
            let count = rng.random_range(8..=20);
            let end = (start + count / 6).min(2026);
            let name = format!("{series} ({start}-{end}) (digital) ({scanner})");
            let files = (1..=count)
                .map(|issue| {
                    (
                        format!("{series} {issue:03} ({start}) (Digital) ({scanner}).cbz"),
                        between(rng, mb(15), mb(120)),
                    )
                })
                .collect();
            Release::multi(name, files).year(end)
        }
    }
}
