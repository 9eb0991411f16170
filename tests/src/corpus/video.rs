//! Films, TV (episodes, season packs, daily shows, anime) and adult video.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::Duration;

use super::titles::{Script, anime_title, dotted, native_title, person, short_title, title};
use super::words as w;
use super::{
    KB, Release, Titles, between, chance, date_dotted, gb, imdb_id, index, mb, pick, published,
    title_dice, weighted, work_year,
};

/// The technical tags of a video release.
struct Video {
    res: &'static str,
    source: String,
    audio: Option<&'static str>,
    hdr: Option<&'static str>,
    codec: &'static str,
    lang: Option<&'static str>,
    edition: Option<&'static str>,
    group: &'static str,
}

impl Video {
    fn draw<R: Rng + ?Sized>(rng: &mut R, tv: bool) -> Self {
        let res = *weighted(
            rng,
            if tv {
                w::TV_RESOLUTIONS
            } else {
                w::MOVIE_RESOLUTIONS
            },
        );
        let source = *weighted(rng, if tv { w::TV_SOURCES } else { w::MOVIE_SOURCES });
        let web = source.starts_with("WEB");
        let codec = if res == "2160p" {
            *pick(rng, w::HEVC_CODECS)
        } else if source == "DVDRip" && chance(rng, 60) {
            "XviD"
        } else if web {
            *pick(rng, w::WEB_CODECS)
        } else {
            *pick(rng, w::ENCODE_CODECS)
        };
        let source = if web && chance(rng, 50) {
            format!("{}.{source}", pick(rng, w::STREAMERS))
        } else {
            source.to_owned()
        };
        Self {
            res,
            source,
            audio: chance(rng, 50).then(|| *pick(rng, w::AUDIO)),
            hdr: (res == "2160p" && chance(rng, 70)).then(|| *pick(rng, w::HDR)),
            codec,
            lang: chance(rng, 12).then(|| *pick(rng, w::LANGUAGES)),
            edition: chance(rng, 8).then(|| *pick(rng, w::EDITIONS)),
            group: *pick(rng, if tv { w::TV_GROUPS } else { w::MOVIE_GROUPS }),
        }
    }

    /// `head` then the tags, dot-separated, then `-GROUP`.
    fn scene_name(&self, head: &str) -> String {
        let mut name = String::with_capacity(head.len() + 64);
        name.push_str(head);
        let tags = [
            self.edition,
            self.lang,
            Some(self.res),
            Some(self.source.as_str()),
            self.audio,
            self.hdr,
            Some(self.codec),
        ];
        for tag in tags.into_iter().flatten() {
            name.push('.');
            name.push_str(tag);
        }
        name.push('-');
        name.push_str(self.group);
        name
    }
}

/// A dotted tag spelled with spaces, as p2p names have it: `TrueHD.7.1.Atmos` ->
/// `TrueHD 7.1 Atmos` (a dot between digits stays).
fn spaced(tag: &str) -> String {
    let bytes = tag.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    tag.char_indices()
        .map(|(i, c)| {
            if c == '.' && !(digit(i.checked_sub(1)) && digit(Some(i + 1))) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn movie_size<R: Rng + ?Sized>(rng: &mut R, res: &str) -> u64 {
    match res {
        "480p" | "576p" => between(rng, mb(700), mb(1600)),
        "720p" => between(rng, gb(1), gb(5)),
        "1080p" => between(rng, mb(1536), gb(16)),
        _ => between(rng, gb(8), gb(60)),
    }
}

fn episode_size<R: Rng + ?Sized>(rng: &mut R, res: &str) -> u64 {
    match res {
        "480p" | "576p" => between(rng, mb(200), mb(450)),
        "720p" => between(rng, mb(300), mb(1536)),
        "1080p" => between(rng, mb(800), mb(3584)),
        _ => between(rng, mb(2560), gb(5)),
    }
}

/// A video torrent: the bare file, or a folder with the main file and the usual extras.
fn video_release<R: Rng + ?Sized>(
    rng: &mut R,
    base: String,
    ext: &str,
    size: u64,
    single_percent: u32,
) -> Release {
    if chance(rng, single_percent) {
        return Release::single(format!("{base}.{ext}"), size);
    }
    let stem = if chance(rng, 40) {
        base.to_lowercase()
    } else {
        base.clone()
    };
    let mut files = vec![(format!("{stem}.{ext}"), size)];
    if chance(rng, 35) {
        let sample = if chance(rng, 50) {
            format!("Sample/{stem}-sample.{ext}")
        } else {
            format!("Sample/sample.{ext}")
        };
        files.push((sample, between(rng, mb(20), mb(150))));
    }
    if chance(rng, 45) {
        files.push((format!("{stem}.nfo"), between(rng, 2 * KB, 20 * KB)));
    }
    if chance(rng, 30) {
        let first = index(rng, w::SUB_LANGUAGES.len());
        for (i, lang) in w::SUB_LANGUAGES
            .iter()
            .cycle()
            .skip(first)
            .take(rng.random_range(1..=4))
            .enumerate()
        {
            files.push((
                format!("Subs/{}_{lang}.srt", i + 2),
                between(rng, 30 * KB, 150 * KB),
            ));
        }
    }
    if chance(rng, 12) {
        files.push(("RARBG.txt".to_owned(), 30));
    }
    if chance(rng, 8) {
        for i in 1..=rng.random_range(2..=4) {
            files.push((
                format!("Screens/screen{i:04}.png"),
                between(rng, 500 * KB, mb(3)),
            ));
        }
    }
    Release::multi(base, files)
}

// ---- movies ---------------------------------------------------------------------------

pub(super) fn movie(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Movie, 400, 8_000);
    let title = title(&mut t);
    let year = work_year(&mut t);
    let imdb = imdb_id(&mut t, year);
    let native = chance(&mut t, 7).then(|| native_title(&mut t));
    let release = match native {
        Some((script, native)) if chance(rng, 75) => {
            native_movie(rng, script, &native, &title, year)
        }
        _ => match rng.random_range(0..100) {
            0..40 => {
                let video = Video::draw(rng, false);
                let size = movie_size(rng, video.res);
                let name = video.scene_name(&format!("{}.{year}", dotted(&title)));
                video_release(rng, name, "mkv", size, 30)
            }
            40..55 => movie_yts(rng, &title, year),
            55..67 => movie_p2p(rng, &title, year),
            67..79 => movie_uhd(rng, &title, year),
            79..85 => movie_remux(rng, &title, year),
            _ => movie_lowq(rng, &title, year),
        },
    };
    release.year(year).imdb(imdb)
}

fn movie_yts(rng: &mut ChaCha8Rng, title: &str, year: i32) -> Release {
    let res = *weighted(rng, &[(45, "720p"), (50, "1080p"), (5, "2160p")]);
    let site = pick(rng, &["YTS.MX", "YTS.AM", "YTS.LT", "YTS.AG", "YIFY"]);
    let source = pick(rng, &["BluRay", "WEBRip"]);
    let name = if chance(rng, 40) {
        format!("{title} ({year}) [{res}] [{source}] [5.1] [{site}]")
    } else {
        format!("{title} ({year}) [{res}] [{site}]")
    };
    let size = match res {
        "720p" => between(rng, mb(600), mb(1200)),
        "1080p" => between(rng, mb(1200), mb(2900)),
        _ => between(rng, gb(4), gb(9)),
    };
    let mut files = vec![
        (
            format!(
                "{}.{year}.{res}.{source}.x264.AAC-[{site}].mp4",
                dotted(title)
            ),
            size,
        ),
        (format!("www.{site}.jpg"), between(rng, 40 * KB, 60 * KB)),
    ];
    if chance(rng, 20) {
        files.push((
            format!(
                "{}.{year}.{res}.{source}.x264.AAC-[{site}].srt",
                dotted(title)
            ),
            between(rng, 60 * KB, 120 * KB),
        ));
    }
    Release::multi(name, files)
}

fn movie_p2p(rng: &mut ChaCha8Rng, title: &str, year: i32) -> Release {
    let video = Video::draw(rng, false);
    let source = spaced(&video.source);
    let audio = spaced(video.audio.unwrap_or("AAC5.1"));
    let name = if chance(rng, 50) {
        let group = pick(rng, w::P2P_GROUPS);
        format!(
            "{title} ({year}) ({} {source} {} {audio} {group})",
            video.res, video.codec
        )
    } else {
        format!(
            "{title} {year} {} {source} {} {audio}-{}",
            video.res, video.codec, video.group
        )
    };
    let size = movie_size(rng, video.res);
    video_release(rng, name, "mkv", size, 25)
}

fn movie_uhd(rng: &mut ChaCha8Rng, title: &str, year: i32) -> Release {
    let hdr = pick(rng, w::HDR);
    let group = pick(rng, w::UHD_GROUPS);
    let name = if chance(rng, 60) {
        let streamer = pick(rng, w::STREAMERS);
        let audio = pick(rng, &["DDP5.1", "DDP5.1.Atmos", "DD+5.1", "DDP.5.1"]);
        format!(
            "{}.{year}.2160p.{streamer}.WEB-DL.{audio}.{hdr}.H.265-{group}",
            dotted(title)
        )
    } else {
        format!(
            "{}.{year}.2160p.UHD.BluRay.x265.10bit.{hdr}.TrueHD.7.1.Atmos-{group}",
            dotted(title)
        )
    };
    let size = between(rng, gb(8), gb(60));
    video_release(rng, name, "mkv", size, 35)
}

fn movie_remux(rng: &mut ChaCha8Rng, title: &str, year: i32) -> Release {
    let group = pick(rng, w::REMUX_GROUPS);
    let (name, size) = if chance(rng, 60) {
        let audio = pick(
            rng,
            &[
                "DTS-HD MA 5.1",
                "TrueHD 7.1 Atmos",
                "DTS-HD MA 7.1",
                "LPCM 2.0",
            ],
        );
        (
            format!("{title} {year} 1080p BluRay REMUX AVC {audio}-{group}"),
            between(rng, gb(18), gb(40)),
        )
    } else {
        (
            format!(
                "{}.{year}.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-{group}",
                dotted(title)
            ),
            between(rng, gb(40), gb(60)),
        )
    };
    video_release(rng, name, "mkv", size, 40)
}

fn movie_lowq(rng: &mut ChaCha8Rng, title: &str, year: i32) -> Release {
    if chance(rng, 60) {
        let group = pick(
            rng,
            &[
                "aXXo", "DiAMOND", "FXG", "MAXSPEED", "KLAXXON", "NeDiVx", "DEiTY",
            ],
        );
        let name = format!("{title} {year} DVDRip XviD-{group}");
        let size = between(rng, mb(690), mb(1400));
        video_release(rng, name, "avi", size, 50)
    } else {
        let source = pick(rng, &["HDCAM", "CAM", "HDTS", "TS", "TELESYNC", "HQCAM"]);
        let group = pick(
            rng,
            &[
                "1XBET",
                "RARBG",
                "AOC",
                "COLLECTiVE",
                "SUNSCREEN",
                "Will1869",
            ],
        );
        let name = format!("{}.{year}.{source}.x264-{group}", dotted(title));
        let size = between(rng, mb(700), mb(2500));
        video_release(rng, name, "mkv", size, 50)
    }
}

fn native_movie(
    rng: &mut ChaCha8Rng,
    script: Script,
    native: &str,
    title: &str,
    year: i32,
) -> Release {
    let res = *weighted(rng, w::MOVIE_RESOLUTIONS);
    let size = movie_size(rng, res);
    match script {
        Script::Cyrillic => {
            let source = pick(
                rng,
                &["BDRip", "WEB-DLRip", "HDRip", "BDRemux", "WEB-DL", "DVDRip"],
            );
            let name = format!("{native} / {title} ({year}) {source} {res}");
            let file = format!("{}.{year}.{source}.{res}.mkv", dotted(title));
            Release::single_or_folder(rng, name, file, size)
        }
        Script::Chinese => {
            let group = pick(
                rng,
                &[
                    "CMCT", "FRDS", "HDSky", "OurBits", "PTHome", "BeiTai", "HDCTV",
                ],
            );
            let name = format!(
                "{native}.{}.{year}.{res}.WEB-DL.H264.AAC-{group}",
                dotted(title)
            );
            video_release(rng, name, "mp4", size, 50)
        }
        Script::Japanese | Script::Korean => {
            let name = format!("{native} ({title}) {year} {res} BluRay x264");
            video_release(rng, name, "mkv", size, 50)
        }
        Script::Latin => {
            let lang = pick(
                rng,
                &[
                    "FRENCH",
                    "MULTi VFF",
                    "SPANISH",
                    "GERMAN DL",
                    "iTA",
                    "PORTUGUESE",
                ],
            );
            let name = format!("{native} ({year}) {lang} {res} BluRay x264");
            video_release(rng, name, "mkv", size, 40)
        }
    }
}

// ---- tv -------------------------------------------------------------------------------

struct Show {
    title: String,
    year: i32,
    seasons: u32,
    imdb: String,
    native: Option<String>,
}

impl Show {
    fn draw(rng: &mut ChaCha8Rng) -> Self {
        let mut t = title_dice(rng, Titles::Show, 300, 6_000);
        let title = if chance(&mut t, 70) {
            title(&mut t)
        } else {
            short_title(&mut t)
        };
        let year = *weighted(
            &mut t,
            &[(10, (1960, 1989)), (25, (1990, 2009)), (65, (2010, 2026))],
        );
        let year: i32 = t.random_range(year.0..=year.1);
        let seasons = t.random_range(1..=12).min((2027 - year).unsigned_abs());
        let imdb = imdb_id(&mut t, year);
        let native = chance(&mut t, 6).then(|| native_title(&mut t).1);
        Self {
            title,
            year,
            seasons,
            imdb,
            native,
        }
    }

    fn season_year(&self, season: u32) -> i32 {
        (self.year + i32::try_from(season).unwrap_or(0) - 1).min(2026)
    }
}

pub(super) fn tv_show(rng: &mut ChaCha8Rng) -> Release {
    match rng.random_range(0..100) {
        0..8 => return tv_daily(rng),
        8..25 => return anime(rng),
        _ => {}
    }
    let show = Show::draw(rng);
    let release = match (rng.random_range(0..100), &show.native) {
        (_, Some(native)) if chance(rng, 70) => {
            let season = rng.random_range(1..=show.seasons);
            let studio = pick(
                rng,
                &[
                    "LostFilm",
                    "NewStudio",
                    "HDrezka Studio",
                    "Кубик в Кубе",
                    "AlexFilm",
                ],
            );
            let name = format!(
                "{native} / {} [S{season:02}] ({}) WEB-DL 1080p | {studio}",
                show.title,
                show.season_year(season)
            );
            let files = (1..=rng.random_range(6..=12))
                .map(|e| {
                    (
                        format!(
                            "{}.S{season:02}E{e:02}.1080p.rus.{}.mkv",
                            dotted(&show.title),
                            dotted(studio)
                        ),
                        episode_size(rng, "1080p"),
                    )
                })
                .collect();
            Release::multi(name, files).year(show.season_year(season))
        }
        (0..75, _) => tv_episode(rng, &show),
        (75..96, _) => tv_season(rng, &show),
        _ => tv_complete(rng, &show),
    };
    release.imdb(show.imdb)
}

fn tv_episode(rng: &mut ChaCha8Rng, show: &Show) -> Release {
    let season = rng.random_range(1..=show.seasons);
    let episode = rng.random_range(1..=22);
    let video = Video::draw(rng, true);
    let mut head = dotted(&show.title);
    if chance(rng, 10) {
        head.push_str(&format!(".{}", show.year));
    }
    head.push_str(&format!(".S{season:02}E{episode:02}"));
    if chance(rng, 5) {
        head.push_str(&format!("E{:02}", episode + 1));
    }
    if chance(rng, 15) {
        head.push('.');
        head.push_str(&dotted(&short_title(rng)));
    }
    let name = if chance(rng, 15) {
        let tracker = if chance(rng, 50) { " [eztv]" } else { "[TGx]" };
        format!(
            "{} S{season:02}E{episode:02} {} {} {}-{}{tracker}",
            show.title,
            video.res,
            spaced(&video.source),
            video.codec,
            video.group
        )
    } else {
        video.scene_name(&head)
    };
    let size = episode_size(rng, video.res);
    video_release(rng, name, "mkv", size, 45).year(show.season_year(season))
}

fn tv_season(rng: &mut ChaCha8Rng, show: &Show) -> Release {
    let season = rng.random_range(1..=show.seasons);
    let video = Video::draw(rng, true);
    let dotted_title = dotted(&show.title);
    let name = match rng.random_range(0..3) {
        0 => format!(
            "{} Season {season} Complete {} {} {}",
            show.title,
            video.res,
            spaced(&video.source),
            video.codec
        ),
        1 => video.scene_name(&format!("{dotted_title}.S{season:02}")),
        _ => format!(
            "{} ({}) Season {season} S{season:02} ({} {} x265 10bit {} {})",
            show.title,
            show.year,
            video.res,
            spaced(&video.source),
            video.audio.unwrap_or("EAC3 5.1"),
            pick(rng, w::P2P_GROUPS)
        ),
    };
    let nested = chance(rng, 25);
    let mut files = Vec::with_capacity(14);
    for e in 1..=rng.random_range(6..=13) {
        let episode = video.scene_name(&format!("{dotted_title}.S{season:02}E{e:02}"));
        let path = if nested {
            format!("{episode}/{}.mkv", episode.to_lowercase())
        } else {
            format!("{episode}.mkv")
        };
        files.push((path, episode_size(rng, video.res)));
    }
    if chance(rng, 30) {
        files.push((
            format!("{}.nfo", dotted(&name)),
            between(rng, 2 * KB, 12 * KB),
        ));
    }
    Release::multi(name, files).year(show.season_year(season))
}

fn tv_complete(rng: &mut ChaCha8Rng, show: &Show) -> Release {
    let last = show.seasons.clamp(2, 6);
    let video = Video::draw(rng, true);
    let dotted_title = dotted(&show.title);
    let name = if chance(rng, 50) {
        format!(
            "{} S01-S{last:02} Complete {} {}",
            show.title,
            video.res,
            spaced(&video.source)
        )
    } else {
        video.scene_name(&format!("{dotted_title}.Complete.Series.S01-S{last:02}"))
    };
    let mut files = Vec::new();
    for season in 1..=last {
        for e in 1..=rng.random_range(6..=10) {
            let episode = video.scene_name(&format!("{dotted_title}.S{season:02}E{e:02}"));
            files.push((
                format!("Season {season}/{episode}.mkv"),
                episode_size(rng, video.res),
            ));
        }
    }
    Release::multi(name, files).year(show.season_year(last))
}

fn tv_daily(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::DailyShow, 40, 300);
    let host = person(&mut t);
    let show = match t.random_range(0..5) {
        0 => format!("The Late Show with {host}"),
        1 => format!("{} Tonight", pick(&mut t, w::SURNAMES)),
        2 => format!("The Daily {}", pick(&mut t, w::NOUNS)),
        3 => format!("Real Time with {host}"),
        _ => format!("{host} Live"),
    };
    let published = published(rng, None);
    let aired = published.date() - Duration::days(rng.random_range(0..3));
    let mut name = format!("{}.{}", dotted(&show), date_dotted(aired));
    if chance(rng, 40) {
        name.push('.');
        name.push_str(&dotted(&person(rng)));
    }
    name.push_str(&format!(".{}.WEB.h264", pick(rng, &["720p", "1080p"])));
    if chance(rng, 85) {
        name.push('-');
        let group = *pick(rng, w::DAILY_GROUPS);
        name.push_str(group);
    }
    let size = between(rng, mb(300), mb(2560));
    video_release(rng, name, "mkv", size, 55).published(published)
}

fn anime(rng: &mut ChaCha8Rng) -> Release {
    let mut t = title_dice(rng, Titles::Anime, 150, 2_500);
    let title = anime_title(&mut t);
    let year = t.random_range(1995..=2026);
    let &(low, high) = weighted(
        &mut t,
        &[(70, (12, 26)), (20, (24, 100)), (10, (100, 1100))],
    );
    let episodes = t.random_range(low..=high);
    if chance(rng, 70) {
        let episode = rng.random_range(1..=episodes);
        let res = *weighted(rng, &[(15, "480p"), (30, "720p"), (55, "1080p")]);
        let crc = rng.random::<u32>();
        let name = match rng.random_range(0..3) {
            0 => format!("[SubsPlease] {title} - {episode:02} ({res}) [{crc:08X}].mkv"),
            1 => format!(
                "[Erai-raws] {title} - {episode:02} [{res}][Multiple Subtitle][{crc:08X}].mkv"
            ),
            _ => format!(
                "[{}] {title} - {episode:02} [{res}].mkv",
                pick(rng, w::ANIME_GROUPS)
            ),
        };
        let size = match res {
            "480p" => between(rng, mb(150), mb(350)),
            "720p" => between(rng, mb(350), mb(750)),
            _ => between(rng, mb(700), mb(1500)),
        };
        return Release::single(name, size).year(year);
    }
    let season = rng.random_range(1..=3);
    let group = pick(rng, w::ANIME_GROUPS);
    let name =
        format!("[{group}] {title} (Season {season}) [1080p][HEVC x265 10bit][Multi-Subs] (Batch)");
    let files = (1..=rng.random_range(10..=13))
        .map(|e| {
            (
                format!("[{group}] {title} - S{season:02}E{e:02}.mkv"),
                between(rng, mb(200), mb(700)),
            )
        })
        .collect();
    Release::multi(name, files).year(year)
}

pub(super) fn xxx(rng: &mut ChaCha8Rng) -> Release {
    let site = format!(
        "{}{}",
        pick(rng, w::SITE_PREFIXES),
        pick(rng, w::SITE_SUFFIXES)
    );
    let performer = person(rng);
    let res = *weighted(rng, &[(20, "720p"), (60, "1080p"), (20, "2160p")]);
    let size = between(rng, mb(300), gb(5));
    if chance(rng, 60) {
        let published = published(rng, None);
        let aired = published.date() - Duration::days(rng.random_range(0..10));
        let yy_mm_dd = &date_dotted(aired)[2..];
        let group = pick(rng, &["XC", "WRB", "KTR", "P2P", "NBQ", "iPT"]);
        let name = format!(
            "{site}.{yy_mm_dd}.{}.XXX.{res}.MP4-{group}",
            dotted(&performer)
        );
        video_release(rng, name, "mp4", size, 50).published(published)
    } else {
        let name = format!("{site} - {performer} - {} [{res}]", title(rng));
        let mut files = vec![(format!("{name}.mp4"), size)];
        if chance(rng, 50) {
            files.push(("cover.jpg".to_owned(), between(rng, 100 * KB, mb(2))));
        }
        Release::multi(name, files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_keeps_dots_between_digits() {
        assert_eq!(spaced("TrueHD.7.1.Atmos"), "TrueHD 7.1 Atmos");
        assert_eq!(spaced("DTS-HD.MA.5.1"), "DTS-HD MA 5.1");
        assert_eq!(spaced("AMZN.WEB-DL"), "AMZN WEB-DL");
        assert_eq!(spaced("DDP5.1"), "DDP5.1");
    }
}
