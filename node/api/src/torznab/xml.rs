//! Writing the Torznab XML documents (feeds, caps, errors) with quick-xml.
//!
//! Every text node and attribute value goes through quick-xml's escaping, so a torrent
//! name like `Tom & Jerry <1080p>` cannot break the markup. Escaping is not enough on
//! its own: XML 1.0 (section 2.2, `Char`) cannot carry most control characters even as
//! character references, and torrent names do contain them, so [`xml_text`] drops
//! them first. Nothing here concatenates markup by hand.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written, with its `<?xml version="1.0" encoding="UTF-8"?>`
/// declaration already in place.
pub(crate) struct XmlDocument {
    writer: Writer<Vec<u8>>,
}

impl XmlDocument {
    pub(crate) fn new() -> Self {
        let mut doc = Self {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
        };
        doc.write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        doc
    }

    /// `<name attrs...>`; close it with [`XmlDocument::end`].
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Start(element(name, attrs)));
    }

    pub(crate) fn end(&mut self, name: &str) {
        self.write(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs.../>`
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Empty(element(name, attrs)));
    }

    /// `<name attrs...>text</name>`
    pub(crate) fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.write(Event::Text(BytesText::new(&xml_text(text))));
        self.end(name);
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }

    fn write(&mut self, event: Event<'_>) {
        // The sink is a Vec, whose writes cannot fail.
        self.writer
            .write_event(event)
            .expect("writing XML into a Vec cannot fail");
    }
}

fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for &(key, value) in attrs {
        // `(&str, &str)` attributes escape their value.
        start.push_attribute((key, xml_text(value).as_ref()));
    }
    start
}

/// Whether XML 1.0 can carry `c` at all (the `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `text` without the characters XML 1.0 cannot carry (escaping is quick-xml's job).
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(build: impl FnOnce(&mut XmlDocument)) -> String {
        let mut doc = XmlDocument::new();
        build(&mut doc);
        String::from_utf8(doc.finish()).unwrap()
    }

    #[test]
    fn escapes_text_and_attributes() {
        let name = r#"Tom & Jerry <1080p> "uncut" 'ed'"#;
        let xml = written(|doc| {
            doc.start("item", &[]);
            doc.text("title", &[], name);
            doc.empty("enclosure", &[("url", "magnet:?xt=a&dn=\"x\"<y>")]);
            doc.end("item");
        });
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        assert!(!xml.contains("Tom & Jerry"), "{xml}");
        assert!(xml.contains("Tom &amp; Jerry &lt;1080p&gt;"), "{xml}");
        assert!(xml.contains("&amp;dn=&quot;x&quot;&lt;y&gt;"), "{xml}");
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        let item = parsed.root_element();
        let title = item.children().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some(name));
        let enclosure = item
            .children()
            .find(|n| n.has_tag_name("enclosure"))
            .unwrap();
        assert_eq!(enclosure.attribute("url"), Some("magnet:?xt=a&dn=\"x\"<y>"));
    }

    #[test]
    fn drops_characters_xml_cannot_carry() {
        let name = "bad\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}name\ttab";
        assert_eq!(xml_text(name), "badname\ttab");
        assert!(matches!(xml_text("fine é 漢字 🎬"), Cow::Borrowed(_)));
        let xml = written(|doc| {
            doc.text("title", &[("a", name)], name);
        });
        let parsed = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(parsed.root_element().text(), Some("badname\ttab"));
        // Parsers may normalise the tab in an attribute value to a space.
        let attribute = parsed.root_element().attribute("a").unwrap();
        assert_eq!(attribute.replace('\t', " "), "badname tab");
    }
}
