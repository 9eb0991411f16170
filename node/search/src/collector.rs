//! One pass over the matching documents that does everything a search page needs:
//! counts them (exactly), counts the requested facets (exactly), and keeps the best
//! `offset + limit` documents of the requested order that come after the cursor.
//!
//! Every order is total: the primary key (score, a number, or the name) is followed by
//! `hash_key`, the info hash's first 8 bytes. Keys are normalised so that *smaller is
//! better*; a document missing the order's value sorts last in either direction.
//! Names compare by term ordinal inside a segment (the dictionary is sorted) and by
//! the string across segments.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::request::{Facet, Order, OrderField};
use crate::schema;

/// The primary part of a sort key, comparable across segments. Smaller is better.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Primary {
    Num(u64),
    Asc(String),
    Desc(Reverse<String>),
}

/// A position in an order: results come strictly after it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct SortKey {
    pub primary: Primary,
    pub tiebreak: u64,
}

/// The fast field an order reads, or none for relevance.
fn order_column(field: OrderField) -> Option<&'static str> {
    match field {
        OrderField::Relevance => None,
        OrderField::PublishedAt => Some(schema::F_PUBLISHED),
        OrderField::DiscoveredAt => Some(schema::F_DISCOVERED),
        OrderField::Size => Some(schema::F_SIZE),
        OrderField::Seeders => Some(schema::F_SEEDERS),
        OrderField::Leechers => Some(schema::F_LEECHERS),
        OrderField::FilesCount => Some(schema::F_FILES_COUNT),
        OrderField::Name => Some(schema::F_NAME_SORT),
    }
}

/// Normalises a number so that smaller is better; missing values are last.
fn num_key(value: Option<u64>, descending: bool) -> u64 {
    match value {
        None => u64::MAX,
        Some(v) if descending => u64::MAX - 1 - v.min(u64::MAX - 1),
        Some(v) => v.min(u64::MAX - 1),
    }
}

/// Normalises a relevance score (BM25 scores are >= 0, whose bit patterns order
/// like the floats): higher scores are better.
pub fn score_key(score: Score) -> u64 {
    u64::MAX - 1 - u64::from(score.max(0.0).to_bits())
}

pub fn facet_column(facet: Facet) -> (&'static str, bool) {
    // (field, is a u64 column)
    match facet {
        Facet::ContentType => (schema::F_CONTENT_TYPE, false),
        Facet::Language => (schema::F_LANGUAGE, false),
        Facet::Year => (schema::F_YEAR, true),
        Facet::Resolution => (schema::F_RESOLUTION, false),
        Facet::Source => (schema::F_SOURCE, false),
        Facet::Codec => (schema::F_CODEC, false),
        Facet::Video3d => (schema::F_VIDEO_3D, false),
        Facet::Tag => (schema::F_TAG, false),
        Facet::FileType => (schema::F_FILE_TYPE, false),
        Facet::Origin => (schema::F_ORIGIN, true),
    }
}

/// What one pass collects.
pub struct PageCollector {
    pub order: Order,
    pub after: Option<SortKey>,
    /// How many of the best documents to keep (offset + limit).
    pub keep: usize,
    pub facets: Vec<Facet>,
}

#[derive(Debug)]
pub struct Ranked {
    pub key: SortKey,
    pub doc: DocAddress,
    pub score: Score,
}

#[derive(Debug, Default)]
pub struct PageFruit {
    /// Documents matching the query.
    pub total: u64,
    /// Of those, the ones after the cursor.
    pub remaining: u64,
    /// The best `keep` after the cursor, best first.
    pub top: Vec<Ranked>,
    pub facets: Vec<(Facet, HashMap<String, u64>)>,
}

enum SegmentOrder {
    Score,
    Num(Column<u64>),
    Name(StrColumn),
}

/// Counts one facet's values over the documents of one segment.
pub(crate) enum FacetCounter {
    Str(StrColumn, Vec<u64>),
    Num(Column<u64>, HashMap<u64, u64>),
    Missing,
}

impl FacetCounter {
    pub(crate) fn new(facet: Facet, reader: &SegmentReader) -> tantivy::Result<Self> {
        let fast = reader.fast_fields();
        let (field, numeric) = facet_column(facet);
        Ok(if numeric {
            FacetCounter::Num(fast.u64(field)?, HashMap::new())
        } else {
            match fast.str(field)? {
                Some(col) => {
                    let n = col.num_terms();
                    FacetCounter::Str(col, vec![0; n])
                }
                None => FacetCounter::Missing,
            }
        })
    }

    #[inline]
    pub(crate) fn count(&mut self, doc: DocId) {
        match self {
            FacetCounter::Str(col, counts) => {
                for ord in col.ords().values_for_doc(doc) {
                    counts[ord as usize] += 1;
                }
            }
            FacetCounter::Num(col, counts) => {
                for v in col.values_for_doc(doc) {
                    *counts.entry(v).or_default() += 1;
                }
            }
            FacetCounter::Missing => {}
        }
    }

    /// The counts by value.
    pub(crate) fn finish(self) -> HashMap<String, u64> {
        let mut values: HashMap<String, u64> = HashMap::new();
        let mut bytes = Vec::new();
        match self {
            FacetCounter::Str(col, counts) => {
                for (ord, count) in counts.into_iter().enumerate() {
                    if count == 0 {
                        continue;
                    }
                    bytes.clear();
                    if col
                        .dictionary()
                        .ord_to_term(ord as u64, &mut bytes)
                        .unwrap_or(false)
                    {
                        values.insert(String::from_utf8_lossy(&bytes).into_owned(), count);
                    }
                }
            }
            FacetCounter::Num(_, counts) => {
                values.extend(counts.into_iter().map(|(v, c)| (v.to_string(), c)));
            }
            FacetCounter::Missing => {}
        }
        values
    }
}

/// The cursor translated into this segment's terms.
enum SegmentCursor {
    None,
    Num(u64, u64),
    /// First ordinal >= the cursor's name, whether that ordinal's term equals it, and
    /// the tie-breaker.
    Name {
        first_ge: u64,
        equal: bool,
        tiebreak: u64,
    },
}

pub struct PageSegmentCollector {
    segment: SegmentOrdinal,
    descending: bool,
    order: SegmentOrder,
    hash_key: Column<u64>,
    cursor: SegmentCursor,
    keep: usize,
    // Max-heap on (local key, tiebreak): the worst kept document is on top.
    heap: BinaryHeap<(u64, u64, DocId, u32)>,
    total: u64,
    remaining: u64,
    facets: Vec<(Facet, FacetCounter)>,
}

impl Collector for PageCollector {
    type Fruit = PageFruit;
    type Child = PageSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<PageSegmentCollector> {
        let fast = reader.fast_fields();
        let order = match self.order.field {
            OrderField::Relevance => SegmentOrder::Score,
            OrderField::Name => match fast.str(schema::F_NAME_SORT)? {
                Some(col) => SegmentOrder::Name(col),
                None => SegmentOrder::Num(Column::build_empty_column(reader.max_doc())),
            },
            other => SegmentOrder::Num(fast.u64(order_column(other).expect("numeric order"))?),
        };
        let cursor = match (&self.after, &order) {
            (None, _) => SegmentCursor::None,
            (Some(key), SegmentOrder::Name(col)) => {
                let name = match &key.primary {
                    Primary::Asc(s) => s.as_str(),
                    Primary::Desc(Reverse(s)) => s.as_str(),
                    Primary::Num(_) => "",
                };
                let (first_ge, equal) = first_ordinal_ge(col, name)?;
                SegmentCursor::Name {
                    first_ge,
                    equal,
                    tiebreak: key.tiebreak,
                }
            }
            (Some(key), _) => match key.primary {
                Primary::Num(n) => SegmentCursor::Num(n, key.tiebreak),
                _ => SegmentCursor::Num(0, 0),
            },
        };
        let mut facets = Vec::with_capacity(self.facets.len());
        for &facet in &self.facets {
            facets.push((facet, FacetCounter::new(facet, reader)?));
        }
        Ok(PageSegmentCollector {
            segment,
            descending: self.order.descending,
            order,
            hash_key: fast.u64(schema::F_HASH_KEY)?,
            cursor,
            keep: self.keep,
            heap: BinaryHeap::with_capacity(self.keep.min(4096) + 1),
            total: 0,
            remaining: 0,
            facets,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.order.field == OrderField::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<PageFruit>) -> tantivy::Result<PageFruit> {
        let mut merged = PageFruit::default();
        let mut facets: Vec<(Facet, HashMap<String, u64>)> =
            self.facets.iter().map(|f| (*f, HashMap::new())).collect();
        for fruit in fruits {
            merged.total += fruit.total;
            merged.remaining += fruit.remaining;
            merged.top.extend(fruit.top);
            for ((_, into), (_, from)) in facets.iter_mut().zip(fruit.facets) {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        merged.top.sort_by(|a, b| a.key.cmp(&b.key));
        merged.top.truncate(self.keep);
        merged.facets = facets;
        Ok(merged)
    }
}

/// The first ordinal whose term is >= `name`, and whether it equals `name`.
fn first_ordinal_ge(col: &StrColumn, name: &str) -> tantivy::Result<(u64, bool)> {
    let dict = col.dictionary();
    let (mut lo, mut hi) = (0u64, dict.num_terms() as u64);
    let mut bytes = Vec::new();
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        bytes.clear();
        dict.ord_to_term(mid, &mut bytes)?;
        if bytes.as_slice() < name.as_bytes() {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let equal = if lo < dict.num_terms() as u64 {
        bytes.clear();
        dict.ord_to_term(lo, &mut bytes)?;
        bytes.as_slice() == name.as_bytes()
    } else {
        false
    };
    Ok((lo, equal))
}

impl PageSegmentCollector {
    /// The segment-local key (smaller is better) of `doc`.
    fn local_key(&self, doc: DocId, score: Score) -> u64 {
        match &self.order {
            SegmentOrder::Score => score_key(score),
            SegmentOrder::Num(col) => num_key(col.first(doc), self.descending),
            SegmentOrder::Name(col) => {
                let ord = col.ords().first(doc);
                num_key(ord, self.descending)
            }
        }
    }

    fn after_cursor(&self, doc: DocId, key: u64, tiebreak: u64) -> bool {
        match &self.cursor {
            SegmentCursor::None => true,
            SegmentCursor::Num(k, t) => (key, tiebreak) > (*k, *t),
            SegmentCursor::Name {
                first_ge,
                equal,
                tiebreak: t,
            } => {
                let SegmentOrder::Name(col) = &self.order else {
                    return true;
                };
                let Some(ord) = col.ords().first(doc) else {
                    return true;
                };
                // How this document's name compares with the cursor's.
                let cmp = if ord < *first_ge {
                    Ordering::Less
                } else if ord == *first_ge && *equal {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                };
                let cmp = if self.descending { cmp.reverse() } else { cmp };
                cmp == Ordering::Greater || (cmp == Ordering::Equal && tiebreak > *t)
            }
        }
    }
}

impl SegmentCollector for PageSegmentCollector {
    type Fruit = PageFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        for (_, counter) in &mut self.facets {
            counter.count(doc);
        }
        if self.keep == 0 && matches!(self.cursor, SegmentCursor::None) {
            self.remaining += 1;
            return;
        }
        let key = self.local_key(doc, score);
        let tiebreak = self.hash_key.first(doc).unwrap_or(0);
        if !self.after_cursor(doc, key, tiebreak) {
            return;
        }
        self.remaining += 1;
        if self.keep == 0 {
            return;
        }
        let entry = (key, tiebreak, doc, score.to_bits());
        if self.heap.len() < self.keep {
            self.heap.push(entry);
        } else if let Some(worst) = self.heap.peek()
            && (entry.0, entry.1) < (worst.0, worst.1)
        {
            self.heap.pop();
            self.heap.push(entry);
        }
    }

    fn harvest(self) -> PageFruit {
        let mut top: Vec<Ranked> = Vec::with_capacity(self.heap.len());
        let mut bytes = Vec::new();
        for (key, tiebreak, doc, score_bits) in self.heap.into_vec() {
            let primary = match &self.order {
                SegmentOrder::Name(col) => {
                    let name = col
                        .ords()
                        .first(doc)
                        .and_then(|ord| {
                            bytes.clear();
                            col.dictionary().ord_to_term(ord, &mut bytes).ok()?;
                            String::from_utf8(bytes.clone()).ok()
                        })
                        .unwrap_or_default();
                    if self.descending {
                        Primary::Desc(Reverse(name))
                    } else {
                        Primary::Asc(name)
                    }
                }
                _ => Primary::Num(key),
            };
            top.push(Ranked {
                key: SortKey { primary, tiebreak },
                doc: DocAddress::new(self.segment, doc),
                score: f32::from_bits(score_bits),
            });
        }
        let facets = self
            .facets
            .into_iter()
            .map(|(facet, counter)| (facet, counter.finish()))
            .collect();
        PageFruit {
            total: self.total,
            remaining: self.remaining,
            top,
            facets,
        }
    }
}

type MatchAllKey = (SegmentId, DocId, Facet);

/// Facet counts over every live document, per segment, for requests that match
/// everything (a front page, a feed): a segment never changes once written, and its
/// deletions are part of the key, so an entry stays right for as long as the segment
/// is searched. Entries of segments no longer searched are dropped.
#[derive(Default)]
pub(crate) struct MatchAllCounts {
    entries: Mutex<HashMap<MatchAllKey, Arc<HashMap<String, u64>>>>,
}

impl MatchAllCounts {
    pub(crate) fn counts(
        &self,
        searcher: &Searcher,
        facet: Facet,
    ) -> tantivy::Result<HashMap<String, u64>> {
        let mut total: HashMap<String, u64> = HashMap::new();
        let mut live: HashSet<(SegmentId, DocId)> = HashSet::new();
        for reader in searcher.segment_readers() {
            let segment = (reader.segment_id(), reader.num_deleted_docs());
            live.insert(segment);
            let key = (segment.0, segment.1, facet);
            let cached = self
                .entries
                .lock()
                .expect("facet cache lock poisoned")
                .get(&key)
                .cloned();
            let counts = match cached {
                Some(counts) => counts,
                None => {
                    let mut counter = FacetCounter::new(facet, reader)?;
                    for doc in reader.doc_ids_alive() {
                        counter.count(doc);
                    }
                    let counts = Arc::new(counter.finish());
                    self.entries
                        .lock()
                        .expect("facet cache lock poisoned")
                        .insert(key, counts.clone());
                    counts
                }
            };
            for (value, n) in counts.iter() {
                *total.entry(value.clone()).or_default() += n;
            }
        }
        self.entries
            .lock()
            .expect("facet cache lock poisoned")
            .retain(|(segment, deleted, _), _| live.contains(&(*segment, *deleted)));
        Ok(total)
    }
}
