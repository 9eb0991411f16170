//! Runs a [`SearchRequest`] against an index snapshot: builds the tantivy query from
//! the parsed query language and the request's filters, runs the page collector, and
//! for every facet the request filters on, runs one more counting pass without that
//! facet's own filter (so its counts show what choosing another value would give).

use std::collections::HashMap;
use std::ops::Bound;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lodestone_proto::{
    ContentType, FileType, InfoHash, Video3d, VideoCodec, VideoResolution, VideoSource,
};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery,
    PhraseQuery, Query as TantivyQuery, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::collector::{MatchAllCounts, PageCollector, SortKey, facet_column};
use crate::error::{Result, SearchError};
use crate::query::{self, Clause, ClauseKind, FieldFilter, NumRange, QueryError};
use crate::request::{
    Facet, FacetCounts, FacetFilter, FacetValue, Filters, Hit, Logic, MAX_LIMIT, Order, OrderField,
    SearchRequest, SearchResponse,
};
use crate::schema::{EPISODE_STRIDE, F_INFO_HASH, Fields, canonical, external_id_term};

/// Deepest page reachable with `offset` (cursors go further).
pub const MAX_OFFSET: usize = 100_000;
/// Values returned per facet at most (the largest counts).
pub const MAX_FACET_VALUES: usize = 1000;
/// Shortest prefix a `term*` may have: shorter ones expand to most of the dictionary.
const MIN_PREFIX_CHARS: usize = 2;

/// Boosts of the text fields: a title match ranks above a name match, which ranks
/// above a match in file paths.
const TITLE_BOOST: f32 = 3.0;
const NAME_BOOST: f32 = 1.5;
const FILES_BOOST: f32 = 0.3;

#[derive(serde::Serialize, serde::Deserialize)]
struct Cursor {
    /// Order field and direction the cursor belongs to.
    o: OrderField,
    d: bool,
    k: SortKey,
}

fn encode_cursor(order: Order, key: &SortKey) -> String {
    let json = serde_json::to_vec(&Cursor {
        o: order.field,
        d: order.descending,
        k: key.clone(),
    })
    .expect("cursor serializes");
    URL_SAFE_NO_PAD.encode(json)
}

fn decode_cursor(text: &str, order: Order) -> Result<SortKey> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim())
        .map_err(|_| SearchError::Cursor("not a cursor returned by a search".into()))?;
    let cursor: Cursor = serde_json::from_slice(&bytes)
        .map_err(|_| SearchError::Cursor("not a cursor returned by a search".into()))?;
    if cursor.o != order.field || cursor.d != order.descending {
        return Err(SearchError::Cursor(format!(
            "the cursor belongs to order {} {}, not {} {}",
            cursor.o.as_str(),
            if cursor.d { "desc" } else { "asc" },
            order.field.as_str(),
            if order.descending { "desc" } else { "asc" },
        )));
    }
    Ok(cursor.k)
}

pub(crate) struct QueryBuilder<'a> {
    pub fields: &'a Fields,
    pub analyzer: TextAnalyzer,
}

fn filter(q: Box<dyn TantivyQuery>) -> Box<dyn TantivyQuery> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn term_set(terms: Vec<Term>) -> Box<dyn TantivyQuery> {
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term"),
            IndexRecordOption::Basic,
        )),
        _ => Box::new(TermSetQuery::new(terms)),
    }
}

/// Exact keyword terms (the parser and [`facet_value`] give canonical values).
fn keywords(field: Field, values: &[String]) -> Box<dyn TantivyQuery> {
    term_set(
        values
            .iter()
            .map(|v| Term::from_field_text(field, v))
            .collect(),
    )
}

/// The indexed form of a facet value given by an API caller.
fn facet_value(facet: Facet, value: &str) -> Result<String> {
    let value = value.trim();
    let bad = |e: lodestone_proto::ProtoError| {
        SearchError::Request(format!("{} filter: {e}", facet.as_str()))
    };
    Ok(match facet {
        Facet::ContentType => value
            .parse::<ContentType>()
            .map_err(bad)?
            .as_str()
            .to_string(),
        Facet::Resolution => canonical::<VideoResolution>(value),
        Facet::Source => canonical::<VideoSource>(value),
        Facet::Codec => canonical::<VideoCodec>(value),
        Facet::Video3d => canonical::<Video3d>(value),
        Facet::FileType => value.parse::<FileType>().map_err(bad)?.as_str().to_string(),
        Facet::Language | Facet::Tag => value.to_lowercase(),
        Facet::Year | Facet::Origin => value.to_string(),
    })
}

fn range(field: Field, r: NumRange) -> Box<dyn TantivyQuery> {
    let lower = r.min.map_or(Bound::Unbounded, |v| {
        Bound::Included(Term::from_field_u64(field, v))
    });
    let upper = r.max.map_or(Bound::Unbounded, |v| {
        Bound::Included(Term::from_field_u64(field, v))
    });
    if let (Some(min), Some(max)) = (r.min, r.max)
        && min > max
    {
        return Box::new(EmptyQuery);
    }
    Box::new(RangeQuery::new(lower, upper))
}

impl QueryBuilder<'_> {
    fn tokens(&mut self, text: &str) -> Vec<String> {
        let mut stream = self.analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    fn text_fields(&self) -> [(Field, f32); 3] {
        [
            (self.fields.title, TITLE_BOOST),
            (self.fields.name, NAME_BOOST),
            (self.fields.files, FILES_BOOST),
        ]
    }

    /// Words or a phrase: every token, in order, in one of the text fields.
    fn text_query(&self, tokens: &[String], prefix: bool) -> Box<dyn TantivyQuery> {
        let mut per_field: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for (field, boost) in self.text_fields() {
            let terms: Vec<Term> = tokens
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            let q: Box<dyn TantivyQuery> = if prefix {
                Box::new(PhrasePrefixQuery::new(terms))
            } else if terms.len() == 1 {
                Box::new(TermQuery::new(
                    terms.into_iter().next().expect("one term"),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(terms))
            };
            per_field.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
        Box::new(BooleanQuery::new(per_field))
    }

    fn clause(&mut self, text: &str, clause: &Clause) -> Result<Option<Box<dyn TantivyQuery>>> {
        let f = self.fields;
        let q: Box<dyn TantivyQuery> = match &clause.kind {
            ClauseKind::Word(w) | ClauseKind::Phrase(w) => {
                let tokens = self.tokens(w);
                if tokens.is_empty() {
                    return Ok(None);
                }
                self.text_query(&tokens, false)
            }
            ClauseKind::Prefix(p) => {
                let tokens = self.tokens(p);
                let too_short = tokens
                    .last()
                    .is_none_or(|t| t.chars().count() < MIN_PREFIX_CHARS);
                if too_short {
                    return Err(QueryError {
                        message: format!(
                            "a prefix needs at least {MIN_PREFIX_CHARS} letters or digits before '*'"
                        ),
                        position: text[..clause.span.start].chars().count(),
                        token: text[clause.span.start..clause.span.end].to_string(),
                    }
                    .into());
                }
                self.text_query(&tokens, true)
            }
            ClauseKind::Filter(filter_kind) => filter(match filter_kind {
                FieldFilter::ContentType(types) => term_set(
                    types
                        .iter()
                        .map(|t| Term::from_field_text(f.content_type, t.as_str()))
                        .collect(),
                ),
                FieldFilter::Year(r) => range(f.year, *r),
                FieldFilter::Resolution(v) => keywords(f.resolution, v),
                FieldFilter::Source(v) => keywords(f.source, v),
                FieldFilter::Codec(v) => keywords(f.codec, v),
                FieldFilter::Language(v) => keywords(f.language, v),
                FieldFilter::Tag(v) => keywords(f.tag, v),
                FieldFilter::FileType(v) => keywords(f.file_type, v),
                FieldFilter::Origin(ids) => term_set(
                    ids.iter()
                        .map(|id| Term::from_field_u64(f.origin, *id))
                        .collect(),
                ),
                FieldFilter::Size(r) => range(f.size, *r),
                FieldFilter::Seeders(r) => range(f.seeders, *r),
                FieldFilter::Leechers(r) => range(f.leechers, *r),
                FieldFilter::FilesCount(r) => range(f.files_count, *r),
                FieldFilter::InfoHash(h) => term_set(vec![Term::from_field_bytes(
                    f.info_hash,
                    h.as_bytes().as_slice(),
                )]),
            }),
        };
        Ok(Some(q))
    }

    fn facet_filter(&self, ff: &FacetFilter) -> Result<Option<Box<dyn TantivyQuery>>> {
        if ff.values.is_empty() {
            return Ok(None);
        }
        let (_, numeric) = facet_column(ff.facet);
        let field = self.facet_field(ff.facet);
        let mut terms = Vec::with_capacity(ff.values.len());
        for value in &ff.values {
            terms.push(if numeric {
                let n: u64 = value.trim().parse().map_err(|_| {
                    SearchError::Request(format!(
                        "{} filter value {value:?} is not a number",
                        ff.facet.as_str()
                    ))
                })?;
                Term::from_field_u64(field, n)
            } else {
                Term::from_field_text(field, &facet_value(ff.facet, value)?)
            });
        }
        Ok(Some(filter(match ff.logic {
            Logic::Or => term_set(terms),
            Logic::And => Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        let q: Box<dyn TantivyQuery> =
                            Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                        (Occur::Must, q)
                    })
                    .collect(),
            )),
        })))
    }

    fn facet_field(&self, facet: Facet) -> Field {
        let f = self.fields;
        match facet {
            Facet::ContentType => f.content_type,
            Facet::Language => f.language,
            Facet::Year => f.year,
            Facet::Resolution => f.resolution,
            Facet::Source => f.source,
            Facet::Codec => f.codec,
            Facet::Video3d => f.video_3d,
            Facet::Tag => f.tag,
            Facet::FileType => f.file_type,
            Facet::Origin => f.origin,
        }
    }

    /// The whole query; `without` leaves out that facet's request filter.
    pub fn build(
        &mut self,
        text: &str,
        parsed: &query::Query,
        request: &SearchRequest,
        without: Option<Facet>,
    ) -> Result<Box<dyn TantivyQuery>> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for clause in &parsed.clauses {
            if let Some(q) = self.clause(text, clause)? {
                clauses.push((
                    if clause.negated {
                        Occur::MustNot
                    } else {
                        Occur::Must
                    },
                    q,
                ));
            }
        }
        let filters = &request.filters;
        for ff in &filters.facets {
            if Some(ff.facet) == without {
                continue;
            }
            if let Some(q) = self.facet_filter(ff)? {
                clauses.push((Occur::Must, q));
            }
        }
        if !filters.any_of.is_empty() {
            let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
            for alternative in &filters.any_of {
                let mut all: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
                for ff in alternative {
                    if let Some(q) = self.facet_filter(ff)? {
                        all.push((Occur::Must, q));
                    }
                }
                if all.is_empty() {
                    // An alternative without conditions admits everything.
                    all.push((Occur::Must, Box::new(AllQuery)));
                }
                alternatives.push((Occur::Should, Box::new(BooleanQuery::new(all))));
            }
            clauses.push((
                Occur::Must,
                filter(Box::new(BooleanQuery::new(alternatives))),
            ));
        }
        if !filters.info_hashes.is_empty() {
            let terms = filters
                .info_hashes
                .iter()
                .map(|h| Term::from_field_bytes(f.info_hash, h.as_bytes().as_slice()))
                .collect();
            clauses.push((Occur::Must, filter(term_set(terms))));
        }
        if !filters.external_ids.is_empty() {
            let mut terms = Vec::new();
            for id in &filters.external_ids {
                let Some((source, value)) = id.split_once(':') else {
                    return Err(SearchError::Request(format!(
                        "external id {id:?} is not source:id (e.g. imdb:tt0133093)"
                    )));
                };
                terms.push(Term::from_field_text(
                    f.ext_id,
                    &external_id_term(source, value),
                ));
            }
            clauses.push((Occur::Must, filter(term_set(terms))));
        }
        match (filters.season, filters.episode) {
            (Some(season), None) => clauses.push((
                Occur::Must,
                filter(term_set(vec![Term::from_field_u64(
                    f.season,
                    season as u64,
                )])),
            )),
            (Some(season), Some(episode)) => {
                let either = BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        term_set(vec![Term::from_field_u64(
                            f.episode,
                            season as u64 * EPISODE_STRIDE + episode as u64,
                        )]),
                    ),
                    (
                        Occur::Should,
                        term_set(vec![Term::from_field_u64(f.season_pack, season as u64)]),
                    ),
                ]);
                clauses.push((Occur::Must, filter(Box::new(either))));
            }
            (None, Some(_)) => {
                return Err(SearchError::Request("episode needs a season".into()));
            }
            (None, None) => {}
        }
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// Reads the info hashes of hits, opening each segment's column once.
struct InfoHashes<'a> {
    searcher: &'a Searcher,
    columns: HashMap<u32, tantivy::columnar::BytesColumn>,
}

impl<'a> InfoHashes<'a> {
    fn new(searcher: &'a Searcher) -> Self {
        Self {
            searcher,
            columns: HashMap::new(),
        }
    }

    fn read(&mut self, doc: tantivy::DocAddress) -> Result<InfoHash> {
        let column = match self.columns.entry(doc.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                self.searcher
                    .segment_reader(doc.segment_ord)
                    .fast_fields()
                    .bytes(F_INFO_HASH)?
                    .ok_or_else(|| SearchError::Internal("index has no info hash column".into()))?,
            ),
        };
        let mut bytes = Vec::with_capacity(20);
        if let Some(ord) = column.term_ords(doc.doc_id).next() {
            column
                .ord_to_bytes(ord, &mut bytes)
                .map_err(|e| SearchError::Index(e.into()))?;
        }
        InfoHash::from_bytes(&bytes)
            .map_err(|e| SearchError::Internal(format!("index holds a bad info hash: {e}")))
    }
}

fn facet_counts(facet: Facet, counts: HashMap<String, u64>) -> FacetCounts {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(MAX_FACET_VALUES);
    FacetCounts { facet, values }
}

/// Runs one search on a snapshot.
pub(crate) fn run(
    searcher: &Searcher,
    builder: &mut QueryBuilder<'_>,
    match_all: &MatchAllCounts,
    request: &SearchRequest,
) -> Result<SearchResponse> {
    if request.limit > MAX_LIMIT {
        return Err(SearchError::Request(format!(
            "limit {} is above the maximum of {MAX_LIMIT}",
            request.limit
        )));
    }
    if request.offset > MAX_OFFSET {
        return Err(SearchError::Request(format!(
            "offset {} is above the maximum of {MAX_OFFSET}; page further with the cursor",
            request.offset
        )));
    }
    let parsed = query::parse(&request.query)?;
    let order = if request.order.field == OrderField::Relevance && !parsed.has_text() {
        Order::desc(OrderField::PublishedAt)
    } else {
        request.order
    };
    let after = request
        .cursor
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| decode_cursor(c, order))
        .transpose()?;
    let offset = if after.is_some() { 0 } else { request.offset };

    let mut facets: Vec<Facet> = request.facets.clone();
    facets.sort_unstable();
    facets.dedup();
    let filtered = |facet: Facet| {
        request
            .filters
            .facets
            .iter()
            .any(|ff| ff.facet == facet && !ff.values.is_empty())
    };
    let (separate, together): (Vec<Facet>, Vec<Facet>) = facets.iter().partition(|f| filtered(**f));
    // A request that matches everything counts its facets from the per-segment cache.
    let everything = parsed.clauses.is_empty() && request.filters == Filters::default();
    let (cached, together) = if everything {
        (together, Vec::new())
    } else {
        (Vec::new(), together)
    };

    let q = builder.build(&request.query, &parsed, request, None)?;
    let fruit = searcher.search(
        &q,
        &PageCollector {
            order,
            after: after.clone(),
            keep: offset + request.limit,
            facets: together,
        },
    )?;
    let mut counts: HashMap<Facet, HashMap<String, u64>> = fruit.facets.into_iter().collect();
    for facet in cached {
        counts.insert(facet, match_all.counts(searcher, facet)?);
    }
    for facet in separate {
        let q = builder.build(&request.query, &parsed, request, Some(facet))?;
        let f = searcher.search(
            &q,
            &PageCollector {
                order: Order::asc(OrderField::Size),
                after: None,
                keep: 0,
                facets: vec![facet],
            },
        )?;
        counts.extend(f.facets);
    }

    let mut hits = Vec::with_capacity(request.limit);
    let mut info_hashes = InfoHashes::new(searcher);
    for ranked in fruit.top.into_iter().skip(offset) {
        hits.push(Hit {
            info_hash: info_hashes.read(ranked.doc)?,
            score: (order.field == OrderField::Relevance).then_some(ranked.score),
            cursor: encode_cursor(order, &ranked.key),
        });
    }
    let consumed = (offset + hits.len()) as u64;
    let next_cursor = if fruit.remaining > consumed {
        hits.last().map(|h| h.cursor.clone())
    } else {
        None
    };
    Ok(SearchResponse {
        total: fruit.total,
        hits,
        next_cursor,
        facets: facets
            .into_iter()
            .map(|f| facet_counts(f, counts.remove(&f).unwrap_or_default()))
            .collect(),
        order,
    })
}
