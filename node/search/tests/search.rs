//! The search index against the real PostgreSQL: ranking, the query language, facets,
//! every order, paging, deletions, tags, and catching up after a restart.

use std::collections::HashSet;

use lodestone_proto::{ContentType, Episodes, InfoHash};
use lodestone_search::{
    Facet, FacetFilter, Filters, Logic, Order, OrderField, Search, SearchError, SearchOptions,
    SearchRequest, SearchResponse,
};
use lodestone_store::Store;
use lodestone_store::torrents::{NewFile, NewTorrent, SourceObservation, TorrentHints};
use sqlx::PgPool;
use time::OffsetDateTime;
use tokio_util::sync::CancellationToken;

type R = anyhow::Result<()>;

fn hash(n: u32) -> InfoHash {
    // Spread the tie-breaker (first 8 bytes) so it does not follow n.
    let mut bytes = [0u8; 20];
    bytes[..4].copy_from_slice(&n.wrapping_mul(2_654_435_761).to_be_bytes());
    bytes[16..].copy_from_slice(&n.to_be_bytes());
    InfoHash::from_bytes(&bytes).unwrap()
}

struct T {
    t: NewTorrent,
}

impl T {
    fn new(n: u32, name: &str) -> Self {
        Self {
            t: NewTorrent {
                info_hash: hash(n),
                name: name.to_string(),
                size: 1000 + n as i64,
                private: false,
                files: None,
                source: SourceObservation {
                    key: "import".into(),
                    seeders: None,
                    leechers: None,
                    published_at: None,
                },
                hints: None,
            },
        }
    }
    fn hints(mut self, f: impl FnOnce(&mut TorrentHints)) -> Self {
        let mut h = self.t.hints.take().unwrap_or_default();
        f(&mut h);
        self.t.hints = Some(h);
        self
    }
    fn kind(self, ct: ContentType) -> Self {
        self.hints(|h| h.content_type = Some(ct))
    }
    fn title(self, title: &str) -> Self {
        let title = title.to_string();
        self.hints(|h| h.title = Some(title))
    }
    fn year(self, y: i16) -> Self {
        self.hints(|h| h.release_year = Some(y))
    }
    fn res(self, r: &str) -> Self {
        let r = r.to_string();
        self.hints(|h| h.video_resolution = Some(r))
    }
    fn langs(self, l: &[&str]) -> Self {
        let l = l.iter().map(|s| s.to_string()).collect();
        self.hints(|h| h.languages = l)
    }
    fn size(mut self, s: i64) -> Self {
        self.t.size = s;
        self
    }
    fn seeders(mut self, s: i32, l: i32) -> Self {
        self.t.source.seeders = Some(s);
        self.t.source.leechers = Some(l);
        self
    }
    fn published(mut self, unix: i64) -> Self {
        self.t.source.published_at = Some(OffsetDateTime::from_unix_timestamp(unix).unwrap());
        self
    }
    fn files(mut self, files: &[(&str, i64)]) -> Self {
        self.t.files = Some(
            files
                .iter()
                .map(|(p, s)| NewFile {
                    path: p.to_string(),
                    size: *s,
                })
                .collect(),
        );
        self
    }
}

struct Fixture {
    store: Store,
    search: Search,
    cancel: CancellationToken,
    task: tokio::task::JoinHandle<lodestone_search::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Fixture {
    async fn new(pool: PgPool) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        Self::open(Store::from_pool(pool), dir).await
    }

    async fn open(store: Store, dir: tempfile::TempDir) -> anyhow::Result<Self> {
        let (search, indexer) =
            Search::open(store.clone(), SearchOptions::new(dir.path().join("index"))).await?;
        let cancel = CancellationToken::new();
        let task = tokio::spawn(indexer.run(cancel.clone()));
        Ok(Self {
            store,
            search,
            cancel,
            task,
            _dir: dir,
        })
    }

    async fn add(&self, torrents: Vec<T>) -> R {
        let batch: Vec<NewTorrent> = torrents.into_iter().map(|t| t.t).collect();
        self.store.torrents().write_batch(&batch).await?;
        self.search.refresh().await?;
        Ok(())
    }

    async fn find(&self, req: SearchRequest) -> anyhow::Result<SearchResponse> {
        Ok(self.search.search(req).await?)
    }

    async fn names(&self, query: &str) -> anyhow::Result<Vec<String>> {
        let r = self
            .find(SearchRequest {
                limit: 100,
                ..SearchRequest::query(query)
            })
            .await?;
        let hashes: Vec<InfoHash> = r.hits.iter().map(|h| h.info_hash).collect();
        Ok(self
            .store
            .search_feed()
            .summaries(&hashes)
            .await?
            .into_iter()
            .map(|s| s.name)
            .collect())
    }

    async fn stop(self) -> anyhow::Result<(Store, tempfile::TempDir)> {
        self.cancel.cancel();
        self.task.await??;
        drop(self.search);
        Ok((self.store, self._dir))
    }
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn ranking_prefers_title_then_name_then_files(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![
        T::new(1, "extras.collection").files(&[("bonus/the matrix making of.txt", 10)]),
        T::new(2, "Matrix.Revisited.Documentary.2001"),
        T::new(3, "The.Matrix.1999.1080p.BluRay.x264-GROUP")
            .title("The Matrix")
            .kind(ContentType::Movie),
        T::new(4, "Unrelated.Movie.2001"),
    ])
    .await?;
    assert_eq!(
        f.names("matrix").await?,
        [
            "The.Matrix.1999.1080p.BluRay.x264-GROUP",
            "Matrix.Revisited.Documentary.2001",
            "extras.collection"
        ]
    );
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn query_language_end_to_end(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![
        T::new(1, "The.Matrix.1999.1080p.BluRay.x264-GROUP")
            .kind(ContentType::Movie)
            .year(1999)
            .res("1080p")
            .langs(&["en", "fr"])
            .size(8 << 30),
        T::new(2, "The.Matrix.Reloaded.2003.720p.WEB-DL")
            .kind(ContentType::Movie)
            .year(2003)
            .res("720p")
            .langs(&["en"])
            .size(4 << 30),
        T::new(3, "Matrix.Theme.Songs.2004.FLAC")
            .kind(ContentType::Music)
            .year(2004),
        T::new(4, "攻殻機動隊 Ghost in the Shell 1995")
            .kind(ContentType::Movie)
            .year(1995),
        T::new(5, "Don't Look Up 2021 2160p")
            .kind(ContentType::Movie)
            .year(2021)
            .res("2160p"),
    ])
    .await?;
    let set = |v: Vec<String>| -> HashSet<String> { v.into_iter().collect() };
    let names = |q: &'static str| {
        let f = &f;
        async move { f.names(q).await.map(set) }
    };
    let expect =
        |list: &[&str]| -> HashSet<String> { list.iter().map(|s| s.to_string()).collect() };
    let m1 = "The.Matrix.1999.1080p.BluRay.x264-GROUP";
    let m2 = "The.Matrix.Reloaded.2003.720p.WEB-DL";
    let m3 = "Matrix.Theme.Songs.2004.FLAC";
    let gits = "攻殻機動隊 Ghost in the Shell 1995";
    let up = "Don't Look Up 2021 2160p";
    assert_eq!(names("matrix").await?, expect(&[m1, m2, m3]));
    assert_eq!(names("\"the matrix\"").await?, expect(&[m1, m2]));
    assert_eq!(
        names("The.Matrix").await?,
        expect(&[m1, m2]),
        "a pasted release name is a phrase"
    );
    assert_eq!(names("matrix -reloaded").await?, expect(&[m1, m3]));
    assert_eq!(names("matr*").await?, expect(&[m1, m2, m3]));
    assert_eq!(names("matrix type:movie").await?, expect(&[m1, m2]));
    assert_eq!(names("-type:movie").await?, expect(&[m3]));
    assert_eq!(names("year:>2000").await?, expect(&[m2, m3, up]));
    assert_eq!(names("year:1995..1999").await?, expect(&[m1, gits]));
    assert_eq!(names("res:1080p").await?, expect(&[m1]));
    assert_eq!(
        names("res:4k").await?,
        expect(&[up]),
        "aliases are canonical"
    );
    assert_eq!(names("lang:fr").await?, expect(&[m1]));
    assert_eq!(names("size:>5gb").await?, expect(&[m1]));
    assert_eq!(names("size:1gb..5gb").await?, expect(&[m2]));
    assert_eq!(names("機動").await?, expect(&[gits]), "CJK substring");
    assert_eq!(names("攻殻機動隊").await?, expect(&[gits]));
    assert_eq!(
        names("機隊").await?,
        expect(&[]),
        "CJK characters out of order do not match"
    );
    assert_eq!(names("dont look").await?, expect(&[up]));
    assert_eq!(names("don't").await?, expect(&[up]));
    assert_eq!(
        names("don").await?,
        expect(&[up]),
        "the part before an apostrophe"
    );
    assert_eq!(
        names("\"don look\"").await?,
        expect(&[up]),
        "at the word's position"
    );
    assert_eq!(names("").await?.len(), 5);
    assert_eq!(names("nothing-like-this").await?, expect(&[]));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn malformed_queries_and_cursors_are_client_errors(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![T::new(1, "a")]).await?;
    for (query, position) in [("matrix year:abc", 7), ("\"unterminated", 0), ("x a*b", 2)] {
        match f.search.search(SearchRequest::query(query)).await {
            Err(SearchError::Query(e)) => assert_eq!(e.position, position, "{query}: {e}"),
            other => panic!("{query}: expected a query error, got {other:?}"),
        }
    }
    let e = f
        .search
        .search(SearchRequest::query("m*"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "BAD_QUERY", "{e}");
    let bad = SearchRequest {
        cursor: Some("not-a-cursor".into()),
        ..SearchRequest::default()
    };
    assert_eq!(f.search.search(bad).await.unwrap_err().code(), "BAD_CURSOR");
    let first = f
        .find(SearchRequest {
            order: Order::desc(OrderField::Size),
            ..SearchRequest::default()
        })
        .await?;
    let wrong_order = SearchRequest {
        cursor: Some(first.hits[0].cursor.clone()),
        order: Order::asc(OrderField::Name),
        ..SearchRequest::default()
    };
    let e = f.search.search(wrong_order).await.unwrap_err();
    assert_eq!(e.code(), "BAD_CURSOR");
    assert!(e.is_client_error());
    let too_many = SearchRequest {
        limit: 5000,
        ..SearchRequest::default()
    };
    assert_eq!(
        f.search.search(too_many).await.unwrap_err().code(),
        "BAD_REQUEST"
    );
    Ok(())
}

fn corpus(n: u32) -> Vec<T> {
    let types = [
        ContentType::Movie,
        ContentType::TvShow,
        ContentType::Music,
        ContentType::Unknown,
    ];
    let langs: [&[&str]; 4] = [&["en"], &["en", "fr"], &["fr", "de"], &[]];
    let res = ["720p", "1080p", "2160p"];
    (0..n)
        .map(|i| {
            let mut t = T::new(
                i,
                &format!(
                    "Release {} {}",
                    ["alpha", "beta", "gamma"][i as usize % 3],
                    i
                ),
            )
            .kind(types[i as usize % 4])
            .langs(langs[i as usize % 4])
            .size(((i * 7919) % 1000) as i64 * 1000)
            .published(1_600_000_000 + ((i * 104_729) % 5000) as i64);
            if i % 5 != 0 {
                t = t.seeders(((i * 31) % 50) as i32, ((i * 17) % 20) as i32);
            }
            if i % 2 == 0 {
                t = t.year(1990 + (i % 7) as i16).res(res[i as usize % 3]);
            }
            if i % 3 != 0 {
                let files: Vec<(String, i64)> = (0..(i % 4))
                    .map(|k| (format!("dir/file{k}.mkv"), 1))
                    .collect();
                let refs: Vec<(&str, i64)> = files.iter().map(|(p, s)| (p.as_str(), *s)).collect();
                t = t.files(&refs);
            }
            t
        })
        .collect()
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn facet_counts_are_exact_and_ignore_their_own_filter(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    let n = 200;
    f.add(corpus(n)).await?;
    let all = f
        .find(SearchRequest {
            facets: Facet::ALL.to_vec(),
            limit: 0,
            ..SearchRequest::default()
        })
        .await?;
    assert_eq!(all.total, n as u64);
    let count = |r: &SearchResponse, facet: Facet, value: &str| -> u64 {
        r.facets
            .iter()
            .find(|c| c.facet == facet)
            .and_then(|c| c.values.iter().find(|v| v.value == value))
            .map_or(0, |v| v.count)
    };
    // Expected counts, computed from the generator's rules.
    let by = |p: &dyn Fn(u32) -> bool| (0..n).filter(|i| p(*i)).count() as u64;
    assert_eq!(
        count(&all, Facet::ContentType, "movie"),
        by(&|i| i % 4 == 0)
    );
    assert_eq!(
        count(&all, Facet::ContentType, "unknown"),
        by(&|i| i % 4 == 3)
    );
    assert_eq!(count(&all, Facet::Language, "en"), by(&|i| i % 4 < 2));
    assert_eq!(
        count(&all, Facet::Language, "fr"),
        by(&|i| i % 4 == 1 || i % 4 == 2)
    );
    assert_eq!(
        count(&all, Facet::Year, "1990"),
        by(&|i| i % 2 == 0 && i % 7 == 0)
    );
    assert_eq!(
        count(&all, Facet::Resolution, "V1080p"),
        by(&|i| i % 2 == 0 && i % 3 == 1)
    );
    assert_eq!(
        count(&all, Facet::FileType, "video"),
        by(&|i| i % 3 != 0 && i % 4 != 0)
    );
    assert_eq!(count(&all, Facet::Origin, "1"), n as u64);

    // Or: en or de; And: en and fr. The language counts ignore the language filter.
    let langs = |values: &[&str], logic| SearchRequest {
        filters: Filters {
            facets: vec![FacetFilter {
                facet: Facet::Language,
                values: values.iter().map(|s| s.to_string()).collect(),
                logic,
            }],
            ..Filters::default()
        },
        facets: vec![Facet::Language, Facet::ContentType],
        limit: 0,
        ..SearchRequest::default()
    };
    let or = f.find(langs(&["en", "de"], Logic::Or)).await?;
    assert_eq!(or.total, by(&|i| i % 4 != 3));
    assert_eq!(
        count(&or, Facet::Language, "fr"),
        count(&all, Facet::Language, "fr")
    );
    assert_eq!(count(&or, Facet::ContentType, "unknown"), 0);
    let and = f.find(langs(&["en", "fr"], Logic::And)).await?;
    assert_eq!(and.total, by(&|i| i % 4 == 1));
    assert_eq!(
        count(&and, Facet::ContentType, "tv_show"),
        by(&|i| i % 4 == 1)
    );
    // A filter on one facet narrows the others.
    let movies = SearchRequest {
        filters: Filters {
            facets: vec![FacetFilter {
                facet: Facet::ContentType,
                values: vec!["movie".into()],
                logic: Logic::Or,
            }],
            ..Filters::default()
        },
        facets: vec![Facet::ContentType, Facet::Language],
        limit: 0,
        ..SearchRequest::default()
    };
    let m = f.find(movies).await?;
    assert_eq!(m.total, by(&|i| i % 4 == 0));
    assert_eq!(count(&m, Facet::Language, "fr"), 0);
    assert_eq!(count(&m, Facet::ContentType, "music"), by(&|i| i % 4 == 2));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn match_all_facet_counts_follow_deletions_and_updates(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![
        T::new(1, "a").kind(ContentType::Movie),
        T::new(2, "b").kind(ContentType::Movie),
        T::new(3, "c").kind(ContentType::Music),
    ])
    .await?;
    let counts = |f: &Fixture| {
        let search = f.search.clone();
        async move {
            let r = search
                .search(SearchRequest {
                    facets: vec![Facet::ContentType, Facet::Tag],
                    limit: 0,
                    ..SearchRequest::default()
                })
                .await?;
            let mut out: Vec<(String, u64)> = r
                .facets
                .iter()
                .flat_map(|c| {
                    c.values
                        .iter()
                        .map(move |v| (format!("{}={}", c.facet.as_str(), v.value), v.count))
                })
                .collect();
            out.sort();
            anyhow::Ok((r.total, out))
        }
    };
    let pair = |k: &str, n: u64| (k.to_string(), n);
    assert_eq!(
        counts(&f).await?,
        (
            3,
            vec![pair("content_type=movie", 2), pair("content_type=music", 1)]
        )
    );
    // Asked twice (the second from the cache), the same.
    assert_eq!(counts(&f).await?.1.len(), 2);
    f.store.deletions().delete(&[hash(1)], None).await?;
    f.store.tags().put(&[hash(3)], &["x".into()]).await?;
    f.search.refresh().await?;
    assert_eq!(
        counts(&f).await?,
        (
            2,
            vec![
                pair("content_type=movie", 1),
                pair("content_type=music", 1),
                pair("tag=x", 1)
            ]
        )
    );
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn alternatives_admit_any_of_their_conjunctions(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![
        T::new(1, "UHD.Movie").kind(ContentType::Movie).res("2160p"),
        T::new(2, "HD.Movie").kind(ContentType::Movie).res("1080p"),
        T::new(3, "A.Book").kind(ContentType::Ebook),
        T::new(4, "3D.Movie")
            .kind(ContentType::Movie)
            .hints(|h| h.video_3d = Some("3D".into())),
        T::new(5, "Some.Show").kind(ContentType::TvShow),
    ])
    .await?;
    let ff = |facet, values: &[&str]| FacetFilter {
        facet,
        values: values.iter().map(|v| v.to_string()).collect(),
        logic: Logic::Or,
    };
    let found = |any_of: Vec<Vec<FacetFilter>>| {
        let f = &f;
        async move {
            let r = f
                .find(SearchRequest {
                    filters: Filters {
                        any_of,
                        ..Filters::default()
                    },
                    facets: vec![Facet::Video3d],
                    ..SearchRequest::default()
                })
                .await?;
            anyhow::Ok(r.hits.iter().map(|h| h.info_hash).collect::<HashSet<_>>())
        }
    };
    // UHD movies or ebooks (Torznab cat=2045,7020).
    let got = found(vec![
        vec![
            ff(Facet::ContentType, &["movie"]),
            ff(Facet::Resolution, &["2160p", "4320p"]),
        ],
        vec![ff(Facet::ContentType, &["ebook"])],
    ])
    .await?;
    assert_eq!(got, HashSet::from([hash(1), hash(3)]));
    // 3D movies (cat=2060); the canonical name and an alias both work.
    let got = found(vec![vec![
        ff(Facet::ContentType, &["movie"]),
        ff(Facet::Video3d, &["3d"]),
    ]])
    .await?;
    assert_eq!(got, HashSet::from([hash(4)]));
    let got = found(vec![vec![ff(Facet::Video3d, &["V3D"])]]).await?;
    assert_eq!(got, HashSet::from([hash(4)]));
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn every_order_in_both_directions(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    let n = 120;
    f.add(corpus(n)).await?;
    let hashes: Vec<InfoHash> = (0..n).map(hash).collect();
    let summaries = f.store.search_feed().summaries(&hashes).await?;
    for field in OrderField::ALL
        .into_iter()
        .filter(|o| *o != OrderField::Relevance)
    {
        for descending in [false, true] {
            let order = Order { field, descending };
            let r = f
                .find(SearchRequest {
                    order,
                    limit: n as usize,
                    ..SearchRequest::default()
                })
                .await?;
            assert_eq!(r.order, order);
            // Expected: by value (missing last), then by the info hash's first 8 bytes.
            let key = |s: &lodestone_store::search_feed::TorrentSummary| -> Option<String> {
                let num = |v: Option<i64>| v.map(|v| format!("{:020}", v));
                match field {
                    OrderField::PublishedAt => num(Some(s.published_at.unix_timestamp())),
                    OrderField::DiscoveredAt => num(Some(s.discovered_at.unix_timestamp())),
                    OrderField::Size => num(Some(s.size)),
                    OrderField::Seeders => num(s.seeders.map(i64::from)),
                    OrderField::Leechers => num(s.leechers.map(i64::from)),
                    OrderField::FilesCount => num(s.files_count.map(i64::from)),
                    OrderField::Name => Some(s.name.to_lowercase()),
                    OrderField::Relevance => unreachable!(),
                }
            };
            let mut expected: Vec<&lodestone_store::search_feed::TorrentSummary> =
                summaries.iter().collect();
            expected.sort_by(|a, b| {
                let (ka, kb) = (key(a), key(b));
                let primary = match (&ka, &kb) {
                    (None, None) => std::cmp::Ordering::Equal,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (Some(x), Some(y)) if descending => y.cmp(x),
                    (Some(x), Some(y)) => x.cmp(y),
                };
                primary.then_with(|| a.info_hash.as_bytes()[..8].cmp(&b.info_hash.as_bytes()[..8]))
            });
            let got: Vec<InfoHash> = r.hits.iter().map(|h| h.info_hash).collect();
            let want: Vec<InfoHash> = expected.iter().map(|s| s.info_hash).collect();
            assert_eq!(got, want, "order {field:?} descending={descending}");
        }
    }
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn paging_by_offset_and_cursor_has_no_gaps_or_duplicates(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    let n = 230;
    f.add(corpus(n)).await?;
    for order in [
        Order::desc(OrderField::PublishedAt),
        Order::desc(OrderField::Seeders),
        Order::asc(OrderField::Name),
        Order::desc(OrderField::Name),
        Order::desc(OrderField::Relevance),
    ] {
        let query = if order.field == OrderField::Relevance {
            "release"
        } else {
            ""
        };
        let whole = f
            .find(SearchRequest {
                order,
                limit: 1000,
                ..SearchRequest::query(query)
            })
            .await?;
        assert_eq!(whole.hits.len(), n as usize);
        let whole: Vec<InfoHash> = whole.hits.iter().map(|h| h.info_hash).collect();

        let mut by_cursor = Vec::new();
        let mut cursor = None;
        loop {
            let page = f
                .find(SearchRequest {
                    order,
                    limit: 37,
                    cursor: cursor.clone(),
                    ..SearchRequest::query(query)
                })
                .await?;
            assert_eq!(page.total, n as u64, "totals stay exact on every page");
            by_cursor.extend(page.hits.iter().map(|h| h.info_hash));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(by_cursor, whole, "cursor pages of {order:?}");

        let mut by_offset = Vec::new();
        for offset in (0..n as usize).step_by(50) {
            let page = f
                .find(SearchRequest {
                    order,
                    limit: 50,
                    offset,
                    ..SearchRequest::query(query)
                })
                .await?;
            by_offset.extend(page.hits.iter().map(|h| h.info_hash));
        }
        assert_eq!(by_offset, whole, "offset pages of {order:?}");
    }
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn deleting_removes_from_results_and_blocks_reimport(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![T::new(1, "Keep.Me"), T::new(2, "Delete.Me")])
        .await?;
    assert_eq!(f.names("me").await?.len(), 2);
    f.store.deletions().delete(&[hash(2)], Some("test")).await?;
    f.search.refresh().await?;
    assert_eq!(f.names("me").await?, ["Keep.Me"]);
    // A re-import of the deleted torrent is skipped and stays out of the index.
    f.add(vec![T::new(2, "Delete.Me")]).await?;
    assert_eq!(f.names("me").await?, ["Keep.Me"]);
    assert_eq!(f.search.status().documents, 1);
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn tag_and_seeder_changes_reach_the_index(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![
        T::new(1, "First").seeders(1, 1),
        T::new(2, "Second").seeders(5, 0),
    ])
    .await?;
    f.store
        .tags()
        .put(&[hash(1)], &["favourite".into()])
        .await?;
    f.search.refresh().await?;
    assert_eq!(f.names("tag:favourite").await?, ["First"]);
    f.store.tags().set(&[hash(1)], &[]).await?;
    f.search.refresh().await?;
    assert!(f.names("tag:favourite").await?.is_empty());

    f.add(vec![T::new(1, "First").seeders(10, 1)]).await?;
    let r = f
        .find(SearchRequest {
            order: Order::desc(OrderField::Seeders),
            ..SearchRequest::default()
        })
        .await?;
    assert_eq!(
        r.hits[0].info_hash,
        hash(1),
        "new seeders re-ordered the results"
    );
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn torznab_style_filters_find_ids_and_episodes(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    let mut s1e2 = Episodes::new();
    s1e2.add_episode(1, 2);
    let mut s2 = Episodes::new();
    s2.add_season(2);
    f.add(vec![
        T::new(1, "Show.S01E02")
            .kind(ContentType::TvShow)
            .hints(|h| h.episodes = Some(s1e2)),
        T::new(2, "Show.S02.Complete")
            .kind(ContentType::TvShow)
            .hints(|h| h.episodes = Some(s2)),
        T::new(3, "Film").kind(ContentType::Movie).hints(|h| {
            h.content_source = Some("imdb".into());
            h.content_id = Some("tt0133093".into());
        }),
    ])
    .await?;
    let with = |filters: Filters| SearchRequest {
        filters,
        ..SearchRequest::default()
    };
    let found = |r: SearchResponse| r.hits.iter().map(|h| h.info_hash).collect::<Vec<_>>();
    let ep = |season, episode| Filters {
        season: Some(season),
        episode,
        ..Filters::default()
    };
    assert_eq!(found(f.find(with(ep(1, Some(2)))).await?), [hash(1)]);
    assert!(found(f.find(with(ep(1, Some(3)))).await?).is_empty());
    assert_eq!(
        found(f.find(with(ep(2, Some(7)))).await?),
        [hash(2)],
        "a season pack has every episode"
    );
    assert_eq!(found(f.find(with(ep(2, None))).await?), [hash(2)]);
    let imdb = Filters {
        external_ids: vec!["imdb:tt0133093".into()],
        ..Filters::default()
    };
    assert_eq!(found(f.find(with(imdb)).await?), [hash(3)]);
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn a_restarted_index_catches_up_without_rebuilding(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![
        T::new(1, "Before.Restart"),
        T::new(2, "Deleted.While.Down"),
    ])
    .await?;
    let (store, dir) = f.stop().await?;

    // Changes while no indexer runs.
    store
        .torrents()
        .write_batch(&[T::new(3, "Added.While.Down").t])
        .await?;
    store.deletions().delete(&[hash(2)], None).await?;

    let (search, indexer) =
        Search::open(store.clone(), SearchOptions::new(dir.path().join("index"))).await?;
    assert!(
        !indexer.needs_rebuild(),
        "a complete index from this database is caught up, not rebuilt"
    );
    assert_eq!(
        search.status().documents,
        2,
        "the documents from before the restart are there"
    );
    let cancel = CancellationToken::new();
    let task = tokio::spawn(indexer.run(cancel.clone()));
    search.refresh().await?;
    let r = search
        .search(SearchRequest {
            limit: 10,
            ..SearchRequest::default()
        })
        .await?;
    let got: HashSet<InfoHash> = r.hits.iter().map(|h| h.info_hash).collect();
    assert_eq!(got, HashSet::from([hash(1), hash(3)]));
    cancel.cancel();
    task.await??;
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn an_index_from_another_database_or_unfinished_is_rebuilt(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![T::new(1, "One"), T::new(2, "Two")]).await?;
    let (store, dir) = f.stop().await?;
    sqlx::query("UPDATE node_meta SET value = 'another' WHERE key = 'database_id'")
        .execute(store.pool())
        .await?;
    let (search, indexer) =
        Search::open(store.clone(), SearchOptions::new(dir.path().join("index"))).await?;
    assert!(indexer.needs_rebuild());
    let cancel = CancellationToken::new();
    let task = tokio::spawn(indexer.run(cancel.clone()));
    search.refresh().await?;
    assert_eq!(search.status().documents, 2);
    assert!(!search.status().rebuilding);
    cancel.cancel();
    task.await??;
    drop(search);

    // A missing index directory is built from scratch.
    std::fs::remove_dir_all(dir.path().join("index"))?;
    let (search, mut indexer) =
        Search::open(store.clone(), SearchOptions::new(dir.path().join("index"))).await?;
    assert!(indexer.needs_rebuild());
    let mut seen = Vec::new();
    let built = indexer.rebuild(&mut |p| seen.push(p)).await?;
    assert_eq!(built, 2);
    assert_eq!(seen.last().map(|p| (p.indexed, p.total)), Some((2, 2)));
    assert_eq!(search.status().documents, 2);
    Ok(())
}

#[sqlx::test(migrator = "lodestone_store::MIGRATOR")]
async fn a_second_writer_is_refused_and_a_reader_follows(pool: PgPool) -> R {
    let f = Fixture::new(pool).await?;
    f.add(vec![T::new(1, "One")]).await?;
    let dir = f._dir.path().join("index");
    match Search::open(f.store.clone(), SearchOptions::new(&dir)).await {
        Err(SearchError::Locked { .. }) => {}
        other => panic!("expected Locked, got {:?}", other.map(|_| ())),
    }
    let reader = Search::open_read_only(f.store.clone(), &dir).await?;
    assert_eq!(reader.search(SearchRequest::default()).await?.total, 1);
    assert!(matches!(
        reader.refresh().await,
        Err(SearchError::IndexerStopped)
    ));
    Ok(())
}
