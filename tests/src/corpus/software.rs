//! Games (scene, repacks, GOG, console dumps), applications and OS images.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::titles::{dotted, title};
use super::words as w;
use super::{KB, Release, Titles, between, chance, gb, mb, pick, recent_year, title_dice};

pub(super) fn game(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Game, 200, 4_000);
    let title = match t.random_range(0..4) {
        0 => format!(
            "{}: {} {}",
            pick(&mut t, w::NOUNS),
            pick(&mut t, w::ADJECTIVES),
            pick(&mut t, w::NOUNS)
        ),
        1 => format!(
            "{} {}",
            pick(&mut t, w::NOUNS),
            pick(
                &mut t,
                &["II", "III", "IV", "2", "3", "Zero", "Origins", "Reborn"]
            )
        ),
        _ => title(&mut t),
    };
    let year = recent_year(&mut t);
    let version = format!(
        "{}.{}.{}",
        rng.random_range(1..=3),
        rng.random_range(0..=12),
        rng.random_range(0..=40)
    );
    let compact: String = dotted(&title).replace('.', "").to_lowercase();
    let release = match rng.random_range(0..100) {
        0..35 => {
            let group = pick(rng, w::GAME_GROUPS);
            let lower = group.to_lowercase();
            let update = chance(rng, 20);
            let name = if update {
                format!("{}.Update.v{version}-{group}", dotted(&title))
            } else {
                format!("{}-{group}", dotted(&title))
            };
            let mut files = vec![(
                format!("{lower}-{compact}.nfo"),
                between(rng, 2 * KB, 12 * KB),
            )];
            if update || chance(rng, 50) {
                files.push((
                    format!("{lower}-{compact}.iso"),
                    between(
                        rng,
                        if update { mb(50) } else { gb(2) },
                        if update { gb(2) } else { gb(60) },
                    ),
                ));
            } else {
                let parts = rng.random_range(3..=11);
                files.push((format!("{lower}-{compact}.rar"), gb(1)));
                for part in 0..parts {
                    files.push((
                        format!("{lower}-{compact}.r{part:02}"),
                        if part + 1 == parts {
                            between(rng, mb(1), gb(1))
                        } else {
                            gb(1)
                        },
                    ));
                }
                files.push((format!("{lower}-{compact}.sfv"), between(rng, KB, 2 * KB)));
            }
            Release::multi(name, files)
        }
        35..70 => {
            let (name, prefix) = match rng.random_range(0..3) {
                0 => (format!("{title} v{version} [FitGirl Repack]"), "fg"),
                1 => (
                    format!(
                        "{title} (v{version} + {} DLCs, MULTi{}) [FitGirl Repack]",
                        rng.random_range(1..=30),
                        rng.random_range(2..=15)
                    ),
                    "fg",
                ),
                _ => (
                    format!(
                        "{title} - {} Edition [DODI Repack]",
                        pick(
                            rng,
                            &["Deluxe", "Ultimate", "Gold", "Complete", "Digital Deluxe"]
                        )
                    ),
                    "setup",
                ),
            };
            let mut files = vec![("setup.exe".to_owned(), between(rng, mb(3), mb(6)))];
            for part in 1..=rng.random_range(1..=8) {
                files.push((
                    format!("{prefix}-{part:02}.bin"),
                    between(rng, mb(500), gb(4)),
                ));
            }
            if prefix == "fg" {
                files.push(("MD5/fitgirl-bins.md5".to_owned(), between(rng, KB, 2 * KB)));
                files.push(("Verify BIN files before installation.bat".to_owned(), 60));
            }
            Release::multi(name, files)
        }
        70..85 => {
            let snake = dotted(&title).replace('.', "_").to_lowercase();
            let build = rng.random_range(10_000..99_999);
            let name = format!("{title} ({version}) [GOG]");
            let mut files = vec![(
                format!("setup_{snake}_{version}_(64bit)_({build}).exe"),
                between(rng, mb(2), mb(50)),
            )];
            for part in 1..=rng.random_range(0..=5) {
                files.push((
                    format!("setup_{snake}_{version}_(64bit)_({build})-{part}.bin"),
                    between(rng, mb(500), gb(4)),
                ));
            }
            Release::multi(name, files)
        }
        _ => {
            let region = pick(
                rng,
                &[
                    "(USA) (En,Fr,Es)",
                    "(Europe) (En,Fr,De,Es,It)",
                    "(Japan)",
                    "[NSP]",
                    "(USA)",
                ],
            );
            let ext = pick(rng, &["iso", "chd", "nsp", "xci", "iso"]);
            Release::single(
                format!("{title} {region}.{ext}"),
                between(rng, mb(300), gb(40)),
            )
        }
    };
    release.year(year)
}

pub(super) fn software(rng: &mut ChaCha8Rng) -> Release {
    if chance(rng, 30) {
        return linux_iso(rng);
    }
    let product = pick(rng, w::PRODUCTS);
    let year = rng.random_range(2012..=2025);
    let version = format!("{}.{}", rng.random_range(1..=30), rng.random_range(0..=9));
    let installer = format!("{}_Setup_x64.exe", product.replace(' ', "_"));
    let (name, crack) = match rng.random_range(0..100) {
        0..8 => {
            let edition = pick(
                rng,
                &[
                    "Windows 11 Pro 23H2",
                    "Windows 10 Enterprise LTSC 2021",
                    "Windows 11 Pro 24H2",
                    "Windows 10 22H2 AIO",
                ],
            );
            let name = format!(
                "{edition} x64 MULTi-{} {year}-{:02}",
                rng.random_range(2..=24),
                rng.random_range(1..=12)
            );
            return Release::single(format!("{name}.iso"), between(rng, gb(4), gb(7))).year(year);
        }
        8..40 => (
            format!("{product} {year} v{} x64 + Crack", year - 1999),
            true,
        ),
        40..70 => (
            format!(
                "{product} {version} (x64) Multilingual [{}]",
                pick(rng, w::SOFTWARE_TEAMS)
            ),
            chance(rng, 50),
        ),
        70..85 => (format!("{product} {version} macOS [TNT]"), false),
        _ => (format!("{product} {version} Pre-Activated"), false),
    };
    let mut files = vec![(installer, between(rng, mb(100), gb(4)))];
    if crack {
        files.push((
            format!(
                "Crack/{}",
                pick(
                    rng,
                    &["amtlib.dll", "patch.exe", "keygen.exe", "license.dat"]
                )
            ),
            between(rng, mb(1), mb(20)),
        ));
    }
    files.push((
        (*pick(
            rng,
            &["Readme.txt", "How to install.txt", "Install Notes.txt"],
        ))
        .to_owned(),
        between(rng, KB, 5 * KB),
    ));
    Release::multi(name, files).year(year)
}

fn linux_iso<R: Rng + ?Sized>(rng: &mut R) -> Release {
    let (name, year, low, high) = match rng.random_range(0..8) {
        0 => {
            let major = rng.random_range(14..=25) & !1;
            let point = if chance(rng, 60) {
                format!(".{}", rng.random_range(1..=5))
            } else {
                String::new()
            };
            let (flavor, low, high) = if chance(rng, 60) {
                ("desktop", mb(2500), gb(6))
            } else {
                ("live-server", gb(1), mb(2600))
            };
            (
                format!("ubuntu-{major}.04{point}-{flavor}-amd64.iso"),
                2000 + major,
                low,
                high,
            )
        }
        1 => {
            let major = rng.random_range(7..=13);
            let (kind, low, high) = if chance(rng, 70) {
                ("netinst", mb(300), mb(700))
            } else {
                ("DVD-1", mb(3700), mb(4700))
            };
            (
                format!(
                    "debian-{major}.{}.0-amd64-{kind}.iso",
                    rng.random_range(0..=11)
                ),
                2013 + 2 * (major - 7),
                low,
                high,
            )
        }
        2 => {
            let release = rng.random_range(31..=42);
            (
                format!(
                    "Fedora-Workstation-Live-x86_64-{release}-1.{}.iso",
                    rng.random_range(1..=9)
                ),
                2019 + (release - 31) / 2,
                mb(1500),
                mb(2600),
            )
        }
        3 => {
            let year = rng.random_range(2015..=2025);
            (
                format!(
                    "archlinux-{year}.{:02}.01-x86_64.iso",
                    rng.random_range(1..=12)
                ),
                year,
                mb(700),
                mb(1200),
            )
        }
        4 => {
            let major = rng.random_range(19..=22);
            let desktop = pick(rng, &["cinnamon", "mate", "xfce"]);
            (
                format!(
                    "linuxmint-{major}.{}-{desktop}-64bit.iso",
                    rng.random_range(0..=3)
                ),
                2018 + 2 * (major - 19),
                gb(2),
                gb(3),
            )
        }
        5 => {
            let year = rng.random_range(2019..=2025);
            (
                format!(
                    "kali-linux-{year}.{}-installer-amd64.iso",
                    rng.random_range(1..=4)
                ),
                year,
                gb(3),
                gb(4),
            )
        }
        6 => {
            let major = rng.random_range(8..=9);
            let distro = pick(rng, &["Rocky", "AlmaLinux"]);
            (
                format!(
                    "{distro}-{major}.{}-x86_64-dvd.iso",
                    rng.random_range(0..=5)
                ),
                2013 + major,
                gb(8),
                gb(11),
            )
        }
        _ => {
            let major = rng.random_range(12..=14);
            (
                format!(
                    "FreeBSD-{major}.{}-RELEASE-amd64-dvd1.iso",
                    rng.random_range(0..=3)
                ),
                2008 + major,
                gb(3),
                gb(5),
            )
        }
    };
    Release::single(name, between(rng, low, high)).year(year)
}
