//! Queries the parser refuses, with the message, position and token of each error,
//! and property tests that it never panics.

use super::*;

// ---------------------------------------------------------------- errors

#[test]
fn unterminated_quotes_point_at_the_opening_quote() {
    let message = "unterminated quote; end the phrase with another \"";
    fails("\"abc", message, 0, "\"abc");
    fails("foo \"bar baz  ", message, 4, "\"bar baz");
    fails("foo -\"bar", message, 5, "\"bar");
    fails("\"", message, 0, "\"");
    fails("\"abc\\\"", message, 0, "\"abc\\\"");
    fails("攻殻 \"機動", message, 3, "\"機動");
    fails("tag:\"x y", message, 4, "\"x y");
    fails("-tag:\"x", message, 5, "\"x");
}

#[test]
fn empty_phrases() {
    let message = "empty phrase; put words between the quotes, like \"the matrix\"";
    fails_whole("\"\"", message);
    fails_whole("\" \t \"", message);
    fails("a -\"\" b", message, 2, "-\"\"");
}

#[test]
fn closing_quote_must_end_the_token() {
    let message = "a closing quote must be followed by a space";
    fails_whole("\"a\"b", message);
    fails_whole("\"a b\"*", message);
    fails("x -\"a\"\"b\" y", message, 2, "-\"a\"\"b\"");
    fails_whole("tag:\"x\"y", message);
}

#[test]
fn quotes_inside_words() {
    let message = "quotes are only allowed around a whole phrase, like \"the matrix\"";
    fails_whole("foo\"bar", message);
    fails_whole("12\"", message);
    fails("a -b\"c\"", message, 2, "-b\"c\"");
    fails("re:\"zero two\"", message, 0, "re:\"zero");
}

#[test]
fn misplaced_wildcards() {
    let message = "wildcards are only allowed at the end of a word, like matri*";
    for text in ["*", "**", "*foo", "fo*o", "foo**", "-*", "-*foo", "a*b*"] {
        fails_whole(text, message);
    }
    fails("攻殻 x*y", message, 3, "x*y");
}

#[test]
fn lone_and_double_minus() {
    let lone = "a lone - must be followed by a term to exclude, like -cam";
    fails_whole("-", lone);
    fails("a - b", lone, 2, "-");
    fails("a -", lone, 2, "-");
    fails("a -\u{3000}b", lone, 2, "-");
    let double = "only one - is allowed in front of a term";
    fails_whole("--x", double);
    fails_whole("--", double);
    fails("a ---x", double, 2, "---x");
}

#[test]
fn fields_without_values() {
    let cases: &[(&str, &str)] = &[
        (
            "type:",
            "type must be a content type, one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
        ),
        (
            "cat:",
            "cat must be a content type, one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
        ),
        (
            "year:",
            "year must be a number or a range like >2010 or 1990..1999",
        ),
        (
            "Year:",
            "year must be a number or a range like >2010 or 1990..1999",
        ),
        (
            "res:",
            "res must be a resolution, one of 360p, 480p, 540p, 576p, 720p, 1080p, 1440p, 2160p, 4320p",
        ),
        (
            "source:",
            "source must be a video source, one of CAM, TELESYNC, TELECINE, WORKPRINT, DVD, TV, WEBDL, WEBRip, BluRay",
        ),
        (
            "codec:",
            "codec must be a video codec, one of H264, x264, x265, XviD, DivX, MPEG2, MPEG4, H265, AV1",
        ),
        (
            "lang:",
            "lang must be a language code or name like en or french (2 to 20 letters or -)",
        ),
        (
            "tag:",
            "tag must be a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)",
        ),
        (
            "ft:",
            "ft must be a file type, one of unknown, archive, audio, data, document, image, software, subtitles, video",
        ),
        ("origin:", "origin must be an origin id (a number)"),
        (
            "size:",
            "size must be a size or a range like >1gb, <700mb or 1gb..4gb (units b, kb, mb, gb, tb)",
        ),
        (
            "seeders:",
            "seeders must be a number or a range like >10, <=5 or 10..100",
        ),
        (
            "leechers:",
            "leechers must be a number or a range like >10, <=5 or 10..100",
        ),
        (
            "files:",
            "files must be a number or a range like >10, <=5 or 10..100",
        ),
        (
            "hash:",
            "hash must be an info hash (40 hex or 32 base32 characters) or a magnet link",
        ),
        (
            "tag:\"\"",
            "tag must be a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)",
        ),
        (
            "tag:\"  \"",
            "tag must be a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)",
        ),
    ];
    for &(text, message) in cases {
        fails_whole(text, message);
    }
    fails(
        "matrix -year:",
        "year must be a number or a range like >2010 or 1990..1999",
        7,
        "-year:",
    );
}

#[test]
fn unknown_enum_values() {
    fails_whole(
        "type:moovie",
        "unknown content type \"moovie\"; expected one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
    );
    fails_whole(
        "type:movie,book",
        "unknown content type \"book\"; expected one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
    );
    fails_whole(
        "res:1080",
        "unknown resolution \"1080\"; expected one of 360p, 480p, 540p, 576p, 720p, 1080p, 1440p, 2160p, 4320p",
    );
    fails_whole(
        "src:bdrip",
        "unknown video source \"bdrip\"; expected one of CAM, TELESYNC, TELECINE, WORKPRINT, DVD, TV, WEBDL, WEBRip, BluRay",
    );
    fails_whole(
        "codec:x266",
        "unknown video codec \"x266\"; expected one of H264, x264, x265, XviD, DivX, MPEG2, MPEG4, H265, AV1",
    );
    fails_whole(
        "filetype:movie",
        "unknown file type \"movie\"; expected one of unknown, archive, audio, data, document, image, software, subtitles, video",
    );
    fails_whole(
        "type:映画",
        "unknown content type \"映画\"; expected one of movie, tv_show, music, ebook, comic, audiobook, game, software, xxx, unknown",
    );
}

#[test]
fn bad_languages_tags_and_origins() {
    let lang = |item: &str| {
        format!(
            "invalid language {item:?}; expected a language code or name like en or french (2 to 20 letters or -)"
        )
    };
    fails_whole("lang:e", &lang("e"));
    fails_whole("lang:en,f2", &lang("f2"));
    fails_whole("lang:pt_br", &lang("pt_br"));
    fails_whole(&format!("lang:{}", "a".repeat(21)), &lang(&"a".repeat(21)));
    let tag = |item: &str| {
        format!(
            "invalid tag {item:?}; expected a tag of lower-case letters, digits, _ and - (at most 64, starting with a letter or digit)"
        )
    };
    fails_whole("tag:_x", &tag("_x"));
    fails_whole("tag:-x", &tag("-x"));
    fails_whole("tag:a.b", &tag("a.b"));
    fails_whole("tag:café", &tag("café"));
    fails_whole("tag:\u{212A}", &tag("\u{212A}"));
    let long = format!("a{}", "b".repeat(64));
    fails_whole(&format!("tag:{long}"), &tag(&long));
    let origin = |item: &str| format!("invalid origin {item:?}; expected an origin id (a number)");
    fails_whole("origin:x", &origin("x"));
    fails_whole("origin:1,-2", &origin("-2"));
    fails_whole("origin:+2", &origin("+2"));
    fails_whole(
        "origin:18446744073709551616",
        &origin("18446744073709551616"),
    );
}

#[test]
fn empty_list_items() {
    for (text, name) in [
        ("type:movie,,tv", "type"),
        ("type:movie,", "type"),
        ("type:,movie", "type"),
        ("res:,", "res"),
        ("source:bluray,,web", "source"),
        ("vc:x264,", "vc"),
        ("language:en,", "language"),
        ("tag:a,,b", "tag"),
        ("ft:video,", "ft"),
        ("origin:1,,2", "origin"),
        ("tag:\"a, ,b\"", "tag"),
    ] {
        fails_whole(
            text,
            &format!("{name} has an empty item in its list; separate values with single commas"),
        );
    }
}

#[test]
fn bad_ranges() {
    let year = "year must be a number or a range like >2010 or 1990..1999";
    for text in [
        "year:abc",
        "year:19x9",
        "year:+1999",
        "year:-1999",
        "year:>",
        "year:>=",
        "year:<",
        "year:<=",
        "year:..",
        "year:...",
        "year:>>2000",
        "year:1990..1999..2000",
        "year:1990...1999",
        "year:1999.5",
        "year:1990..x",
        "year:<=>1999",
        "year:１９９９",
    ] {
        fails_whole(text, year);
    }
    let between = "year must be between 1800 and 2200";
    for text in [
        "year:1700",
        "year:2201",
        "year:>2200",
        "year:<1800",
        "year:0..1999",
        "year:1999..3000",
        "year:>=2201",
    ] {
        fails_whole(text, between);
    }
    fails_whole(
        "year:2000..1990",
        "range \"2000..1990\" is empty: 2000 is greater than 1990",
    );
    fails_whole(
        "seeders:<0",
        "range \"<0\" is empty: nothing is less than 0",
    );
    fails_whole(
        "seeders:>18446744073709551615",
        "range \">18446744073709551615\" is empty: nothing is greater than 18446744073709551615",
    );
    fails_whole(
        "seeders:18446744073709551616",
        "seeders value \"18446744073709551616\" is too large",
    );
    fails_whole(
        "files:..99999999999999999999999",
        "files value \"99999999999999999999999\" is too large",
    );
    let count = "leeches must be a number or a range like >10, <=5 or 10..100";
    for text in [
        "leeches:1.5",
        "leeches:1k",
        "leeches:x",
        "leeches:>-1",
        "leeches:5...",
    ] {
        fails_whole(text, count);
    }
    fails(
        "a b -seeds:10..1",
        "range \"10..1\" is empty: 10 is greater than 1",
        4,
        "-seeds:10..1",
    );
}

#[test]
fn bad_sizes() {
    let size =
        "size must be a size or a range like >1gb, <700mb or 1gb..4gb (units b, kb, mb, gb, tb)";
    for text in [
        "size:gb",
        "size:1xb",
        "size:1pb",
        "size:.5gb",
        "size:1.gb",
        "size:1.5.2gb",
        "size:1gb2",
        "size:-1gb",
        "size:>",
        "size:1e9",
        "size:1,5gb",
        "size:1gb..2gb..3gb",
    ] {
        fails_whole(text, size);
    }
    // A space ends the token: `size:1` is one byte and `gb` a word.
    assert_eq!(
        kinds("size:1 gb"),
        vec![
            (
                false,
                ClauseKind::Filter(FieldFilter::Size(NumRange::exactly(1)))
            ),
            (false, word("gb"))
        ]
    );
    fails_whole("size:16777216tb", "size value \"16777216tb\" is too large");
    fails_whole(
        "size:100000000000000000000000",
        "size value \"100000000000000000000000\" is too large",
    );
    fails_whole(
        "size:<0.5b",
        "range \"<0.5b\" is empty: nothing is less than 0.5b",
    );
    fails_whole(
        "size:2gb..1gb",
        "range \"2gb..1gb\" is empty: 2gb is greater than 1gb",
    );
}

#[test]
fn bad_hashes() {
    fails_whole(
        "hash:abc",
        "hash must be an info hash (40 hex or 32 base32 characters) or a magnet link: info hash has 3 characters, expected 40 hex or 32 base32 characters",
    );
    fails_whole(
        "btih:magnet:?dn=x",
        "btih must be an info hash (40 hex or 32 base32 characters) or a magnet link: magnet uri has no xt=urn:btih: parameter",
    );
    let bad = format!("{}g", &HEX[..39]);
    fails(
        &format!("x -infohash:{bad}"),
        "infohash must be an info hash (40 hex or 32 base32 characters) or a magnet link: info hash has invalid hex character 'g' at position 39",
        2,
        &format!("-infohash:{bad}"),
    );
}

#[test]
fn positions_count_characters_not_bytes() {
    fails(
        "攻殻機動隊 é year:abc",
        "year must be a number or a range like >2010 or 1990..1999",
        8,
        "year:abc",
    );
    fails(
        "🎬🎬 *",
        "wildcards are only allowed at the end of a word, like matri*",
        3,
        "*",
    );
}

#[test]
fn error_display() {
    let err = parse("a year:x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "at character 3 (\"year:x\"): year must be a number or a range like >2010 or 1990..1999"
    );
}

// ---------------------------------------------------------------- properties

fn check_any(text: &str) -> Result<(), TestCaseError> {
    match parse(text) {
        Ok(query) => {
            prop_assert!(query.clauses.len() <= MAX_CLAUSES);
            let mut previous_end = 0;
            for clause in &query.clauses {
                let Span { start, end } = clause.span;
                prop_assert!(previous_end <= start && start < end && end <= text.len());
                prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
                let token = &text[start..end];
                prop_assert!(!token.starts_with(char::is_whitespace));
                prop_assert_eq!(clause.negated, token.starts_with('-'));
                previous_end = end;
            }
            // Whitespace-free tokens parse to themselves.
            for clause in &query.clauses {
                let token = &text[clause.span.start..clause.span.end];
                if let ClauseKind::Word(w) = &clause.kind {
                    prop_assert_eq!(w.as_str(), token.strip_prefix('-').unwrap_or(token));
                }
            }
        }
        Err(err) => {
            prop_assert!(err.position <= text.chars().count());
            prop_assert!(text.contains(&err.token));
            prop_assert!(!err.message.is_empty());
            prop_assert!(!err.message.ends_with('.'));
            if !err.token.is_empty() {
                let byte = text
                    .char_indices()
                    .nth(err.position)
                    .map_or(text.len(), |(i, _)| i);
                prop_assert!(text[byte..].starts_with(&err.token));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_any_string(text in any::<String>()) {
        check_any(&text)?;
    }

    #[test]
    fn never_panics_on_query_like_strings(
        text in "([ \t\u{3000}\"*:,.<>=\\\\-]|[a-z0-9]{1,6}|type:|year:|size:|tag:|hash:|lang:|res:|1gb|\\.\\.|攻殻|🎬|é|\u{0}){0,40}"
    ) {
        check_any(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_long_inputs(text in "[a \"*:-]{4000,4200}") {
        check_any(&text)?;
    }
}
