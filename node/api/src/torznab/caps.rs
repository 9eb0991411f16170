//! `t=caps`: what a profile serves.
//!
//! `<limits>` are the profile's; `<searching>` lists each function with exactly the
//! parameters its handler honours ([`Function::params`]), and marks unavailable the
//! functions whose content types the profile does not serve. Prowlarr reads `search`,
//! `tv-search`, `movie-search`, `audio-search` and `book-search` (its
//! `NewznabCapabilitiesProvider`); `music-search` is the Torznab spec's name for the
//! audio search, so both are written, as Jackett does. `<categories>` lists the
//! categories of the content types served, with their subcategories.

use lodestone_proto::ContentType;

use super::categories;
use super::config::TorznabProfile;
use super::params::Function;
use super::search::function_available;
use super::xml::XmlDocument;

/// The element names of each search function, in the order caps list them.
const SEARCHES: &[(&str, Function)] = &[
    ("search", Function::Search),
    ("tv-search", Function::TvSearch),
    ("movie-search", Function::Movie),
    ("music-search", Function::Music),
    ("audio-search", Function::Music),
    ("book-search", Function::Book),
];

pub fn render(profile: &TorznabProfile) -> Vec<u8> {
    let types: Vec<ContentType> = profile.content_types();
    let mut doc = XmlDocument::new();
    doc.start("caps", &[]);
    doc.empty(
        "server",
        &[
            ("title", "Lodestone"),
            ("version", env!("CARGO_PKG_VERSION")),
        ],
    );
    doc.empty(
        "limits",
        &[
            ("max", &profile.max_limit().to_string()),
            ("default", &profile.default_limit().to_string()),
        ],
    );
    doc.empty("registration", &[("available", "no"), ("open", "no")]);
    doc.start("searching", &[]);
    for &(element, function) in SEARCHES {
        let available = function_available(function, &types);
        doc.empty(
            element,
            &[
                ("available", if available { "yes" } else { "no" }),
                ("supportedParams", &function.params().join(",")),
            ],
        );
    }
    doc.end("searching");
    doc.start("categories", &[]);
    let served: Vec<&categories::Category> = categories::served(&types).collect();
    for top in served.iter().filter(|c| c.parent.is_none()) {
        let id = top.id.to_string();
        let subs: Vec<&&categories::Category> =
            served.iter().filter(|c| c.parent == Some(top.id)).collect();
        if subs.is_empty() {
            doc.empty("category", &[("id", &id), ("name", top.name)]);
            continue;
        }
        doc.start("category", &[("id", &id), ("name", top.name)]);
        for sub in subs {
            doc.empty("subcat", &[("id", &sub.id.to_string()), ("name", sub.name)]);
        }
        doc.end("category");
    }
    doc.end("categories");
    doc.end("caps");
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &[u8]) -> String {
        String::from_utf8(xml.to_vec()).unwrap()
    }

    #[test]
    fn default_profile_serves_everything() {
        let xml = parse(&render(&TorznabProfile::default()));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let caps = doc.root_element();
        assert_eq!(caps.tag_name().name(), "caps");
        let child = |name: &str| caps.children().find(|n| n.has_tag_name(name)).unwrap();
        assert_eq!(child("server").attribute("title"), Some("Lodestone"));
        assert_eq!(child("limits").attribute("max"), Some("100"));
        assert_eq!(child("limits").attribute("default"), Some("100"));
        let searching: Vec<_> = child("searching")
            .children()
            .filter(|n| n.is_element())
            .map(|n| {
                (
                    n.tag_name().name(),
                    n.attribute("available").unwrap(),
                    n.attribute("supportedParams").unwrap(),
                )
            })
            .collect();
        assert_eq!(
            searching,
            [
                ("search", "yes", "q"),
                ("tv-search", "yes", "q,season,ep,imdbid,tvdbid,tmdbid"),
                ("movie-search", "yes", "q,imdbid,tmdbid"),
                ("music-search", "yes", "q"),
                ("audio-search", "yes", "q"),
                ("book-search", "yes", "q"),
            ]
        );
        let mut listed = Vec::new();
        for category in child("categories").children().filter(|n| n.is_element()) {
            assert_eq!(category.tag_name().name(), "category");
            let id: u32 = category.attribute("id").unwrap().parse().unwrap();
            let c = categories::by_id(id).unwrap();
            assert_eq!(category.attribute("name"), Some(c.name));
            listed.push(id);
            for sub in category.children().filter(|n| n.is_element()) {
                assert_eq!(sub.tag_name().name(), "subcat");
                let sid: u32 = sub.attribute("id").unwrap().parse().unwrap();
                assert_eq!(categories::by_id(sid).unwrap().parent, Some(id));
                listed.push(sid);
            }
        }
        let all: Vec<u32> = categories::CATEGORIES.iter().map(|c| c.id).collect();
        assert_eq!(listed, all);
    }

    #[test]
    fn restricted_profile_lists_its_own() {
        let profile = TorznabProfile {
            content_types: vec!["movie".into()],
            default_limit: Some(50),
            max_limit: Some(500),
            ..TorznabProfile::default()
        };
        let xml = parse(&render(&profile));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let limits = doc
            .descendants()
            .find(|n| n.has_tag_name("limits"))
            .unwrap();
        assert_eq!(
            (limits.attribute("max"), limits.attribute("default")),
            (Some("500"), Some("50"))
        );
        let available = |name: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name(name))
                .unwrap()
                .attribute("available")
                .unwrap()
                .to_owned()
        };
        assert_eq!(available("search"), "yes");
        assert_eq!(available("movie-search"), "yes");
        assert_eq!(available("tv-search"), "no");
        assert_eq!(available("audio-search"), "no");
        assert_eq!(available("book-search"), "no");
        let ids: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("category") || n.has_tag_name("subcat"))
            .map(|n| n.attribute("id").unwrap())
            .collect();
        assert_eq!(ids, ["2000", "2030", "2040", "2045", "2050", "2060"]);
    }
}
