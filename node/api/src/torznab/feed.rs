//! The RSS 2.0 document of a search: the channel, `<newznab:response offset total>`
//! and one `<item>` per torrent.
//!
//! An item carries what Sonarr, Radarr and Prowlarr read (their `TorznabRssParser`s):
//! `title`, `guid` (the info hash), `link` and `enclosure` (the magnet link; the
//! clients download the enclosure), `comments` (the torrent's page), `pubDate`, `size`,
//! plain `<category>` elements, and `torznab:attr`s: one `category` per category the
//! torrent is in, `size`, `files`, `seeders`, `leechers`, `peers` (seeders plus
//! leechers: the clients derive leechers as peers minus seeders), `infohash`,
//! `magneturl`, `year`, `season` and `episode` (when the torrent holds exactly one
//! season / one episode), `imdb` (the digits, which Sonarr and Radarr parse as a
//! number), `imdbid` (with `tt`), `tmdbid` and `tmdb`, `tvdbid`, `resolution`, `video`
//! (the codec), `team` (the release group), `downloadvolumefactor` 0 and
//! `uploadvolumefactor` 1 (public torrents: nothing counts against a ratio). An
//! attribute whose value is unknown is left out, never sent empty; `grabs` is never
//! known.

use lodestone_proto::{Episodes, VideoResolution};
use lodestone_store::search_feed::TorrentSummary;
use time::UtcOffset;
use time::format_description::well_known::Rfc2822;

use super::categories::{self, Traits};
use super::params::normalize_imdb_id;
use super::search::Page;
use super::xml::XmlDocument;

pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
pub const TORZNAB_NS: &str = "http://torznab.com/schemas/2015/feed";
pub const NEWZNAB_NS: &str = "http://www.newznab.com/DTD/2010/feeds/attributes/";

/// Where the feed is served, for its links.
#[derive(Debug, Clone)]
pub struct Channel<'a> {
    pub title: &'a str,
    /// Scheme and authority the client reached this node at (`http://host:port`).
    pub base_url: &'a str,
    /// This request's URL, without the API key.
    pub self_url: &'a str,
}

pub fn render(channel: &Channel<'_>, page: &Page) -> Vec<u8> {
    let mut doc = XmlDocument::new();
    doc.start(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", ATOM_NS),
            ("xmlns:torznab", TORZNAB_NS),
            ("xmlns:newznab", NEWZNAB_NS),
        ],
    );
    doc.start("channel", &[]);
    doc.empty(
        "atom:link",
        &[
            ("href", channel.self_url),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    );
    doc.text("title", &[], channel.title);
    doc.text("description", &[], "Torrents indexed by a Lodestone node");
    doc.text("link", &[], &format!("{}/", channel.base_url));
    doc.empty(
        "newznab:response",
        &[
            ("offset", &page.offset.to_string()),
            ("total", &page.total.to_string()),
        ],
    );
    for summary in &page.items {
        item(&mut doc, channel.base_url, summary);
    }
    doc.end("channel");
    doc.end("rss");
    doc.finish()
}

fn item(doc: &mut XmlDocument, base_url: &str, t: &TorrentSummary) {
    let hash = t.info_hash.to_hex();
    let magnet = t.info_hash.to_magnet(Some(&t.name));
    let size = t.size.max(0).to_string();
    let categories = categories::of_torrent(&Traits::of(t));

    doc.start("item", &[]);
    doc.text("title", &[], &t.name);
    doc.text("guid", &[("isPermaLink", "false")], &hash);
    doc.text("link", &[], &magnet);
    doc.text("comments", &[], &format!("{base_url}/torrents/{hash}"));
    if let Some(date) = rfc2822(t.published_at) {
        doc.text("pubDate", &[], &date);
    }
    doc.text("size", &[], &size);
    doc.empty(
        "enclosure",
        &[
            ("url", &magnet),
            ("length", &size),
            ("type", "application/x-bittorrent"),
        ],
    );
    for id in &categories {
        doc.text("category", &[], &id.to_string());
    }

    let mut attr = |name: &str, value: &str| {
        doc.empty("torznab:attr", &[("name", name), ("value", value)]);
    };
    for id in &categories {
        attr("category", &id.to_string());
    }
    attr("size", &size);
    if let Some(files) = t.files_count {
        attr("files", &files.max(0).to_string());
    }
    if let Some(seeders) = t.seeders {
        attr("seeders", &seeders.max(0).to_string());
    }
    if let Some(leechers) = t.leechers {
        attr("leechers", &leechers.max(0).to_string());
    }
    if t.seeders.is_some() || t.leechers.is_some() {
        let peers =
            i64::from(t.seeders.unwrap_or(0).max(0)) + i64::from(t.leechers.unwrap_or(0).max(0));
        attr("peers", &peers.to_string());
    }
    attr("infohash", &hash);
    attr("magneturl", &magnet);
    if let Some(year) = t.release_year.filter(|y| *y > 0) {
        attr("year", &year.to_string());
    }
    if let Some(episodes) = &t.episodes {
        let (season, episode) = single_season_and_episode(episodes);
        if let Some(season) = season {
            attr("season", &season.to_string());
        }
        if let Some(episode) = episode {
            attr("episode", &episode.to_string());
        }
    }
    if let Some(imdb) = t
        .external_id("imdb")
        .and_then(|id| normalize_imdb_id(id).ok())
    {
        attr("imdb", &imdb[2..]);
        attr("imdbid", &imdb);
    }
    if let Some(tmdb) = numeric_id(t.external_id("tmdb")) {
        attr("tmdbid", &tmdb);
        attr("tmdb", &tmdb);
    }
    if let Some(tvdb) = numeric_id(t.external_id("tvdb")) {
        attr("tvdbid", &tvdb);
    }
    if let Some(resolution) = t.video_resolution.as_deref().and_then(resolution_name) {
        attr("resolution", &resolution);
    }
    if let Some(codec) = non_empty(t.video_codec.as_deref()) {
        attr("video", codec);
    }
    if let Some(group) = non_empty(t.release_group.as_deref()) {
        attr("team", group);
    }
    attr("downloadvolumefactor", "0");
    attr("uploadvolumefactor", "1");
    doc.end("item");
}

/// `Sat, 12 Jun 1993 13:25:19 +0000`; `None` for dates RFC 2822 cannot write
/// (before 1900).
pub fn rfc2822(at: time::OffsetDateTime) -> Option<String> {
    at.to_offset(UtcOffset::UTC).format(&Rfc2822).ok()
}

/// The season when the torrent holds exactly one, and the episode when that season is
/// exactly one episode.
pub fn single_season_and_episode(episodes: &Episodes) -> (Option<u32>, Option<u32>) {
    let mut seasons = episodes.seasons();
    match (seasons.next(), seasons.next()) {
        (Some((season, eps)), None) => {
            let episode = match eps.len() {
                1 => eps.iter().next().copied(),
                _ => None,
            };
            (Some(season), episode)
        }
        _ => (None, None),
    }
}

/// `1080p` for a stored `V1080p`; an unknown spelling is passed on as stored.
fn resolution_name(stored: &str) -> Option<String> {
    match stored.parse::<VideoResolution>() {
        Ok(r) => Some(r.as_str().trim_start_matches('V').to_owned()),
        Err(_) => non_empty(Some(stored)).map(str::to_owned),
    }
}

fn numeric_id(id: Option<&str>) -> Option<String> {
    let id = id?.trim();
    let number: u64 = id.parse().ok()?;
    Some(number.to_string())
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use lodestone_proto::{ContentType, InfoHash};
    use time::macros::datetime;

    use super::*;

    fn summary() -> TorrentSummary {
        TorrentSummary {
            info_hash: InfoHash::from_bytes(&[0xab; 20]).unwrap(),
            name: "The.Matrix.1999.1080p.BluRay.x264-GROUP & <friends>".into(),
            size: 8_000_000_000,
            private: false,
            files_count: Some(3),
            origin: 1,
            discovered_at: datetime!(2024-01-02 03:04:05 UTC),
            published_at: datetime!(2023-12-31 23:00:00 +02:00),
            seeders: Some(12),
            leechers: Some(3),
            classified: true,
            content_type: ContentType::Movie,
            title: Some("The Matrix".into()),
            release_year: Some(1999),
            episodes: None,
            video_resolution: Some("V1080p".into()),
            video_source: Some("BluRay".into()),
            video_codec: Some("x264".into()),
            video_3d: None,
            video_modifier: None,
            release_group: Some("GROUP".into()),
            languages: vec!["en".into()],
            content_source: Some("tmdb".into()),
            content_id: Some("603".into()),
            external_ids: vec![
                ("tmdb".into(), "603".into()),
                ("imdb".into(), "tt0133093".into()),
            ],
            tags: vec![],
        }
    }

    fn page(items: Vec<TorrentSummary>) -> Vec<u8> {
        let channel = Channel {
            title: "Lodestone",
            base_url: "http://node.example:3000",
            self_url: "http://node.example:3000/torznab/api?t=search",
        };
        render(
            &channel,
            &Page {
                offset: 20,
                total: 21,
                items,
            },
        )
    }

    fn attrs<'a>(item: roxmltree::Node<'a, 'a>) -> Vec<(&'a str, &'a str)> {
        item.children()
            .filter(|n| n.has_tag_name((TORZNAB_NS, "attr")))
            .map(|n| (n.attribute("name").unwrap(), n.attribute("value").unwrap()))
            .collect()
    }

    #[test]
    fn renders_a_movie_with_every_attribute() {
        let xml = String::from_utf8(page(vec![summary()])).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let rss = doc.root_element();
        assert_eq!(rss.attribute("version"), Some("2.0"));
        let channel = rss.first_element_child().unwrap();
        let response = channel
            .children()
            .find(|n| n.has_tag_name((NEWZNAB_NS, "response")))
            .unwrap();
        assert_eq!(
            (response.attribute("offset"), response.attribute("total")),
            (Some("20"), Some("21"))
        );
        let item = channel.children().find(|n| n.has_tag_name("item")).unwrap();
        let text = |name: &str| {
            item.children()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
        };
        let hash = "ab".repeat(20);
        let magnet = format!(
            "magnet:?xt=urn:btih:{hash}&dn={}",
            "The.Matrix.1999.1080p.BluRay.x264-GROUP%20%26%20%3Cfriends%3E"
        );
        assert_eq!(
            text("title"),
            Some("The.Matrix.1999.1080p.BluRay.x264-GROUP & <friends>")
        );
        assert_eq!(text("guid"), Some(hash.as_str()));
        assert_eq!(text("link"), Some(magnet.as_str()));
        assert_eq!(
            text("comments"),
            Some(format!("http://node.example:3000/torrents/{hash}").as_str())
        );
        assert_eq!(text("pubDate"), Some("Sun, 31 Dec 2023 21:00:00 +0000"));
        assert_eq!(text("size"), Some("8000000000"));
        let categories: Vec<_> = item
            .children()
            .filter(|n| n.has_tag_name("category"))
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(categories, ["2000", "2040", "2050"]);
        let enclosure = item
            .children()
            .find(|n| n.has_tag_name("enclosure"))
            .unwrap();
        assert_eq!(enclosure.attribute("url"), Some(magnet.as_str()));
        assert_eq!(enclosure.attribute("length"), Some("8000000000"));
        assert_eq!(
            enclosure.attribute("type"),
            Some("application/x-bittorrent")
        );
        assert_eq!(
            attrs(item),
            [
                ("category", "2000"),
                ("category", "2040"),
                ("category", "2050"),
                ("size", "8000000000"),
                ("files", "3"),
                ("seeders", "12"),
                ("leechers", "3"),
                ("peers", "15"),
                ("infohash", hash.as_str()),
                ("magneturl", magnet.as_str()),
                ("year", "1999"),
                ("imdb", "0133093"),
                ("imdbid", "tt0133093"),
                ("tmdbid", "603"),
                ("tmdb", "603"),
                ("resolution", "1080p"),
                ("video", "x264"),
                ("team", "GROUP"),
                ("downloadvolumefactor", "0"),
                ("uploadvolumefactor", "1"),
            ]
        );
    }

    #[test]
    fn unknown_values_are_left_out() {
        let bare = TorrentSummary {
            files_count: None,
            seeders: None,
            leechers: None,
            content_type: ContentType::Unknown,
            release_year: None,
            video_resolution: None,
            video_source: None,
            video_codec: Some(" ".into()),
            release_group: None,
            content_source: None,
            content_id: None,
            external_ids: vec![
                ("imdb".into(), "garbage".into()),
                ("tmdb".into(), "x".into()),
            ],
            ..summary()
        };
        let xml = String::from_utf8(page(vec![bare])).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let item = doc.descendants().find(|n| n.has_tag_name("item")).unwrap();
        let names: Vec<_> = attrs(item).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "category",
                "size",
                "infohash",
                "magneturl",
                "downloadvolumefactor",
                "uploadvolumefactor"
            ]
        );
        assert_eq!(attrs(item)[0], ("category", "8000"));
        assert!(attrs(item).iter().all(|(_, v)| !v.is_empty()));
    }

    #[test]
    fn peers_count_what_is_known() {
        let only_seeders = TorrentSummary {
            leechers: None,
            ..summary()
        };
        let xml = String::from_utf8(page(vec![only_seeders])).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let item = doc.descendants().find(|n| n.has_tag_name("item")).unwrap();
        let a = attrs(item);
        assert!(a.contains(&("peers", "12")));
        assert!(!a.iter().any(|(n, _)| *n == "leechers"));
    }

    #[test]
    fn seasons_and_episodes() {
        let eps = |map: &[(u32, &[u32])]| {
            Episodes::from(
                map.iter()
                    .map(|&(s, e)| (s, e.iter().copied().collect::<BTreeSet<_>>()))
                    .collect::<BTreeMap<_, _>>(),
            )
        };
        assert_eq!(
            single_season_and_episode(&eps(&[(1, &[2])])),
            (Some(1), Some(2))
        );
        assert_eq!(
            single_season_and_episode(&eps(&[(1, &[])])),
            (Some(1), None)
        );
        assert_eq!(
            single_season_and_episode(&eps(&[(1, &[2, 3])])),
            (Some(1), None)
        );
        assert_eq!(
            single_season_and_episode(&eps(&[(1, &[]), (2, &[])])),
            (None, None)
        );
        assert_eq!(single_season_and_episode(&Episodes::new()), (None, None));

        let tv = TorrentSummary {
            content_type: ContentType::TvShow,
            episodes: Some(eps(&[(3, &[7])])),
            video_resolution: Some("V2160p".into()),
            external_ids: vec![("tvdb".into(), "81189".into())],
            tags: vec!["anime".into()],
            ..summary()
        };
        let xml = String::from_utf8(page(vec![tv])).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let item = doc.descendants().find(|n| n.has_tag_name("item")).unwrap();
        let a = attrs(item);
        for want in [
            ("category", "5000"),
            ("category", "5045"),
            ("category", "5070"),
            ("season", "3"),
            ("episode", "7"),
            ("tvdbid", "81189"),
            ("resolution", "2160p"),
        ] {
            assert!(a.contains(&want), "{want:?} in {a:?}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            rfc2822(datetime!(2024-02-29 12:00:00 UTC)).as_deref(),
            Some("Thu, 29 Feb 2024 12:00:00 +0000")
        );
        assert_eq!(rfc2822(datetime!(1850-01-01 0:00 UTC)), None);
    }
}
