//! Queries the parser accepts: every token kind and field, spans and limits.

use super::*;

// ---------------------------------------------------------------- words

#[test]
fn empty_and_blank_queries_have_no_clauses() {
    assert_eq!(parse(""), Ok(Query::default()));
    assert_eq!(parse(" \t\n\u{3000} "), Ok(Query::default()));
}

#[test]
fn words_are_kept_as_typed() {
    assert_eq!(
        kinds("The.Matrix.1999 MaTrix x-men spider-man foo- & 1080p"),
        vec![
            (false, word("The.Matrix.1999")),
            (false, word("MaTrix")),
            (false, word("x-men")),
            (false, word("spider-man")),
            (false, word("foo-")),
            (false, word("&")),
            (false, word("1080p")),
        ]
    );
}

#[test]
fn cjk_and_emoji_are_words() {
    assert_eq!(one("攻殻機動隊"), word("攻殻機動隊"));
    assert_eq!(one("🎬"), word("🎬"));
    assert_eq!(
        kinds("攻殻機動隊\u{3000}-ネタバレ"),
        vec![(false, word("攻殻機動隊")), (true, word("ネタバレ"))]
    );
}

#[test]
fn unknown_fields_are_plain_words() {
    for text in [
        "Mission:",
        "re:zero",
        ":foo",
        "http://example.org/x",
        "typo:movie",
        "types:movie",
        "kelvin\u{212A}:x",
    ] {
        assert_eq!(one(text), word(text));
    }
    assert_eq!(one("re:ze*"), ClauseKind::Prefix("re:ze".to_owned()));
}

// ---------------------------------------------------------------- phrases

#[test]
fn phrases() {
    assert_eq!(
        one("\"quoted phrase\""),
        ClauseKind::Phrase("quoted phrase".to_owned())
    );
    assert_eq!(
        one(r#""say \"hi\" now""#),
        ClauseKind::Phrase(r#"say "hi" now"#.to_owned())
    );
    assert_eq!(one(r#""a\\b""#), ClauseKind::Phrase(r"a\b".to_owned()));
    assert_eq!(one(r#""a\b""#), ClauseKind::Phrase(r"a\b".to_owned()));
    assert_eq!(
        one(r#""ends in \\""#),
        ClauseKind::Phrase(r"ends in \".to_owned())
    );
    assert_eq!(
        one("\"foo* -bar\""),
        ClauseKind::Phrase("foo* -bar".to_owned())
    );
    assert_eq!(
        one("\"type:movie\""),
        ClauseKind::Phrase("type:movie".to_owned())
    );
    assert_eq!(
        one("\"攻殻 機動隊\""),
        ClauseKind::Phrase("攻殻 機動隊".to_owned())
    );
    assert_eq!(
        kinds("a \"b c\" d"),
        vec![
            (false, word("a")),
            (false, ClauseKind::Phrase("b c".to_owned())),
            (false, word("d"))
        ]
    );
}

// ---------------------------------------------------------------- prefixes

#[test]
fn prefixes() {
    assert_eq!(one("term*"), ClauseKind::Prefix("term".to_owned()));
    assert_eq!(one("Matr*"), ClauseKind::Prefix("Matr".to_owned()));
    assert_eq!(one("x-m*"), ClauseKind::Prefix("x-m".to_owned()));
    assert_eq!(one("攻殻*"), ClauseKind::Prefix("攻殻".to_owned()));
}

// ---------------------------------------------------------------- negation

#[test]
fn negation_applies_to_every_kind() {
    assert_eq!(
        kinds("-cam -\"bad rip\" -sampl* -type:xxx -x-men"),
        vec![
            (true, word("cam")),
            (true, ClauseKind::Phrase("bad rip".to_owned())),
            (true, ClauseKind::Prefix("sampl".to_owned())),
            (
                true,
                ClauseKind::Filter(FieldFilter::ContentType(vec![ContentType::Xxx]))
            ),
            (true, word("x-men")),
        ]
    );
    assert_eq!(kinds("-re:zero"), vec![(true, word("re:zero"))]);
}

// ---------------------------------------------------------------- fields

#[test]
fn content_type_field_and_aliases() {
    for name in ["type", "category", "cat", "TYPE", "Cat"] {
        assert_eq!(
            filter(&format!("{name}:movie,tv_show")),
            FieldFilter::ContentType(vec![ContentType::Movie, ContentType::TvShow])
        );
    }
    assert_eq!(
        filter("type:tv"),
        FieldFilter::ContentType(vec![ContentType::TvShow])
    );
    assert_eq!(
        filter("type:MOVIE,movie,tv,tv_show,unknown"),
        FieldFilter::ContentType(vec![
            ContentType::Movie,
            ContentType::TvShow,
            ContentType::Unknown
        ])
    );
    for &ct in ContentType::ALL {
        assert_eq!(
            filter(&format!("type:{}", ct.as_str())),
            FieldFilter::ContentType(vec![ct])
        );
    }
}

#[test]
fn year_field() {
    assert_eq!(
        filter("year:1999"),
        FieldFilter::Year(NumRange::exactly(1999))
    );
    assert_eq!(
        filter("YEAR:>2010"),
        FieldFilter::Year(range(Some(2011), None))
    );
    assert_eq!(
        filter("year:>=2010"),
        FieldFilter::Year(range(Some(2010), None))
    );
    assert_eq!(
        filter("year:<2000"),
        FieldFilter::Year(range(None, Some(1999)))
    );
    assert_eq!(
        filter("year:<=2000"),
        FieldFilter::Year(range(None, Some(2000)))
    );
    assert_eq!(
        filter("year:1990..1999"),
        FieldFilter::Year(range(Some(1990), Some(1999)))
    );
    assert_eq!(
        filter("year:1990..1990"),
        FieldFilter::Year(NumRange::exactly(1990))
    );
    assert_eq!(
        filter("year:1990.."),
        FieldFilter::Year(range(Some(1990), None))
    );
    assert_eq!(
        filter("year:..1999"),
        FieldFilter::Year(range(None, Some(1999)))
    );
    assert_eq!(
        filter("year:1800"),
        FieldFilter::Year(NumRange::exactly(1800))
    );
    assert_eq!(
        filter("year:2200"),
        FieldFilter::Year(NumRange::exactly(2200))
    );
    assert_eq!(
        filter("year:>1799"),
        FieldFilter::Year(range(Some(1800), None))
    );
    assert_eq!(
        filter("year:<2201"),
        FieldFilter::Year(range(None, Some(2200)))
    );
}

#[test]
fn resolution_field_stores_canonical_names() {
    for name in ["res", "resolution", "RES"] {
        assert_eq!(
            filter(&format!("{name}:1080p,4k")),
            FieldFilter::Resolution(strings(&["V1080p", "V2160p"]))
        );
    }
    assert_eq!(
        filter("res:720P,hd,v720p"),
        FieldFilter::Resolution(strings(&["V720p"]))
    );
}

#[test]
fn source_field_stores_canonical_names() {
    for name in ["source", "src"] {
        assert_eq!(
            filter(&format!("{name}:bluray,web-dl,hdtv")),
            FieldFilter::Source(strings(&["BluRay", "WEBDL", "TV"]))
        );
    }
}

#[test]
fn codec_field_stores_canonical_names() {
    for name in ["codec", "vc", "Codec"] {
        assert_eq!(
            filter(&format!("{name}:x265,hevc,h.264")),
            FieldFilter::Codec(strings(&["x265", "H265", "H264"]))
        );
    }
}

#[test]
fn language_field_lowercases() {
    for name in ["lang", "language"] {
        assert_eq!(
            filter(&format!("{name}:EN,fr,pt-BR,French,Español")),
            FieldFilter::Language(strings(&["en", "fr", "pt-br", "french", "español"]))
        );
    }
    assert_eq!(
        filter("lang:en,EN"),
        FieldFilter::Language(strings(&["en"]))
    );
    let longest = "a".repeat(20);
    assert_eq!(
        filter(&format!("lang:{longest}")),
        FieldFilter::Language(vec![longest])
    );
}

#[test]
fn tag_field_lowercases() {
    assert_eq!(
        filter("tag:Favourite,to_watch,4k-hdr,0"),
        FieldFilter::Tag(strings(&["favourite", "to_watch", "4k-hdr", "0"]))
    );
    let longest = format!("a{}", "b".repeat(63));
    assert_eq!(
        filter(&format!("tag:{longest}")),
        FieldFilter::Tag(vec![longest])
    );
}

#[test]
fn file_type_field() {
    for name in ["filetype", "ft", "FileType"] {
        assert_eq!(
            filter(&format!("{name}:video,AUDIO")),
            FieldFilter::FileType(strings(&["video", "audio"]))
        );
    }
    for &ft in FileType::ALL {
        assert_eq!(
            filter(&format!("ft:{}", ft.as_str())),
            FieldFilter::FileType(vec![ft.as_str().to_owned()])
        );
    }
}

#[test]
fn origin_field() {
    assert_eq!(filter("origin:1"), FieldFilter::Origin(vec![1]));
    assert_eq!(filter("origin:3,1,3"), FieldFilter::Origin(vec![3, 1]));
    assert_eq!(
        filter(&format!("origin:{}", u64::MAX)),
        FieldFilter::Origin(vec![u64::MAX])
    );
}

#[test]
fn size_field_units() {
    const K: u64 = 1024;
    let cases: &[(&str, u64)] = &[
        ("700", 700),
        ("700b", 700),
        ("700B", 700),
        ("1k", K),
        ("1kb", K),
        ("1KiB", K),
        ("2m", 2 * K * K),
        ("2MB", 2 * K * K),
        ("2mib", 2 * K * K),
        ("1g", K * K * K),
        ("1gb", K * K * K),
        ("1GiB", K * K * K),
        ("3t", 3 * K * K * K * K),
        ("3tb", 3 * K * K * K * K),
        ("3TiB", 3 * K * K * K * K),
        ("1.5gb", 3 * K * K * K / 2),
        ("0.5k", 512),
        ("0.1kb", 102),
        ("1.0mb", K * K),
        ("007kb", 7 * K),
        ("0", 0),
        ("1.5b", 1),
        (
            "16777215.99999999999999999999999tb",
            16_777_215 * K * K * K * K + 1_099_511_627_775,
        ),
    ];
    for &(text, bytes) in cases {
        assert_eq!(
            filter(&format!("size:{text}")),
            FieldFilter::Size(NumRange::exactly(bytes)),
            "{text}"
        );
    }
    assert_eq!(
        filter("size:>1gb"),
        FieldFilter::Size(range(Some(K * K * K + 1), None))
    );
    assert_eq!(
        filter("size:>=1gb"),
        FieldFilter::Size(range(Some(K * K * K), None))
    );
    assert_eq!(
        filter("size:<700mb"),
        FieldFilter::Size(range(None, Some(700 * K * K - 1)))
    );
    assert_eq!(
        filter("size:<=700mb"),
        FieldFilter::Size(range(None, Some(700 * K * K)))
    );
    assert_eq!(
        filter("size:700mb..1.5gb"),
        FieldFilter::Size(range(Some(700 * K * K), Some(3 * K * K * K / 2)))
    );
    assert_eq!(
        filter("size:1gb.."),
        FieldFilter::Size(range(Some(K * K * K), None))
    );
    assert_eq!(
        filter("size:..1gb"),
        FieldFilter::Size(range(None, Some(K * K * K)))
    );
    assert_eq!(
        filter("size:1024..1kb"),
        FieldFilter::Size(NumRange::exactly(K))
    );
    assert_eq!(
        filter(&format!("size:{}", u64::MAX)),
        FieldFilter::Size(NumRange::exactly(u64::MAX))
    );
}

#[test]
fn count_fields() {
    for name in ["seeders", "seeds", "Seeders"] {
        assert_eq!(
            filter(&format!("{name}:>10")),
            FieldFilter::Seeders(range(Some(11), None))
        );
    }
    for name in ["leechers", "leeches"] {
        assert_eq!(
            filter(&format!("{name}:<5")),
            FieldFilter::Leechers(range(None, Some(4)))
        );
    }
    assert_eq!(
        filter("files:>1"),
        FieldFilter::FilesCount(range(Some(2), None))
    );
    assert_eq!(
        filter("files:1"),
        FieldFilter::FilesCount(NumRange::exactly(1))
    );
    assert_eq!(
        filter("seeders:0"),
        FieldFilter::Seeders(NumRange::exactly(0))
    );
    assert_eq!(
        filter("seeders:<1"),
        FieldFilter::Seeders(range(None, Some(0)))
    );
    assert_eq!(
        filter("seeders:>=0"),
        FieldFilter::Seeders(range(Some(0), None))
    );
    assert_eq!(
        filter("leechers:10..100"),
        FieldFilter::Leechers(range(Some(10), Some(100)))
    );
    assert_eq!(
        filter("seeds:007"),
        FieldFilter::Seeders(NumRange::exactly(7))
    );
    assert_eq!(
        filter(&format!("seeders:<={}", u64::MAX)),
        FieldFilter::Seeders(range(None, Some(u64::MAX)))
    );
    // `peers` is not a field.
    assert_eq!(one("peers:5"), word("peers:5"));
}

#[test]
fn hash_field_accepts_hex_base32_and_magnets() {
    let hash: InfoHash = HEX.parse().unwrap();
    for name in ["hash", "infohash", "btih", "HASH"] {
        assert_eq!(
            filter(&format!("{name}:{HEX}")),
            FieldFilter::InfoHash(hash)
        );
    }
    assert_eq!(
        filter(&format!("hash:{}", HEX.to_uppercase())),
        FieldFilter::InfoHash(hash)
    );
    assert_eq!(filter(&format!("hash:{B32}")), FieldFilter::InfoHash(hash));
    assert_eq!(
        filter(&format!("hash:magnet:?xt=urn:btih:{HEX}&dn=Ubuntu%2022.04")),
        FieldFilter::InfoHash(hash)
    );
    assert_eq!(
        filter(&format!("hash:\"magnet:?xt=urn:btih:{B32}\"")),
        FieldFilter::InfoHash(hash)
    );
}

#[test]
fn quoted_field_values() {
    assert_eq!(filter("tag:\"x\""), FieldFilter::Tag(strings(&["x"])));
    assert_eq!(
        filter("type:\"movie, tv show\""),
        FieldFilter::ContentType(vec![ContentType::Movie, ContentType::TvShow])
    );
    assert_eq!(
        filter("source:\"Blu Ray\""),
        FieldFilter::Source(strings(&["BluRay"]))
    );
    assert_eq!(
        filter("year:\"1990..1999\""),
        FieldFilter::Year(range(Some(1990), Some(1999)))
    );
    let query = parse("a -lang:\"en, fr\" b").unwrap();
    assert_eq!(query.clauses.len(), 3);
    assert!(query.clauses[1].negated);
    assert_eq!(
        query.clauses[1].kind,
        ClauseKind::Filter(FieldFilter::Language(strings(&["en", "fr"])))
    );
    assert_eq!(query.clauses[1].span, Span { start: 2, end: 16 });
}

#[test]
fn has_text_reflects_positive_text_clauses() {
    assert!(parse("matrix year:1999").unwrap().has_text());
    assert!(!parse("-matrix year:1999").unwrap().has_text());
    assert!(!parse("type:movie").unwrap().has_text());
}

// ---------------------------------------------------------------- spans

#[test]
fn spans_are_byte_ranges_of_whole_tokens() {
    let text = "  matrix -\"bad rip\"\ttype:movie -sampl*\n攻殻 -é year:\"1999\"";
    let query = parse(text).unwrap();
    let spans: Vec<_> = query
        .clauses
        .iter()
        .map(|c| &text[c.span.start..c.span.end])
        .collect();
    assert_eq!(
        spans,
        vec![
            "matrix",
            "-\"bad rip\"",
            "type:movie",
            "-sampl*",
            "攻殻",
            "-é",
            "year:\"1999\""
        ]
    );
    assert_eq!(query.clauses[0].span, Span { start: 2, end: 8 });
    assert_eq!(query.clauses[4].span, Span { start: 39, end: 45 });
    assert_eq!(query.clauses[5].span, Span { start: 46, end: 49 });
}

// ---------------------------------------------------------------- limits

#[test]
fn at_most_64_terms() {
    let ok = vec!["w"; 64].join(" ");
    assert_eq!(parse(&ok).unwrap().clauses.len(), 64);
    let mut too_many = ok.clone();
    too_many.push_str(" -\"too many\" more");
    // The 65th token starts after 64 "w " pairs.
    fails(&too_many, "too many terms (at most 64)", 128, "-\"too");
    let cjk = vec!["攻"; 65].join(" ");
    fails(&cjk, "too many terms (at most 64)", 128, "攻");
}

#[test]
fn at_most_4096_bytes() {
    let longest = "a".repeat(4096);
    assert_eq!(one(&longest), word(&longest));
    fails(
        &"a".repeat(4097),
        "query is too long (at most 4096 bytes)",
        0,
        "",
    );
    // 1366 three-byte characters: 4098 bytes but only 1366 characters.
    fails(
        &"攻".repeat(1366),
        "query is too long (at most 4096 bytes)",
        0,
        "",
    );
}
