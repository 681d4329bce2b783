//! Queries: every word must match (in any field), an exact phrase ranks first, Latin words
//! tolerate typos; the audience filter comes first, facets are counted over what it keeps.

use std::collections::HashMap;

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::Token;
use tantivy::{DocAddress, DocId, Order, Score, SegmentReader, TantivyDocument, Term};

use super::engine::Engine;
use super::text::{self, Words};
use super::Kind;
use crate::error::{AppError, AppResult};

/// How a finished top-level task went against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::OnTime => "on_time",
            Outcome::Late => "late",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best first (BM25, phrase and title boosts).
    #[default]
    Relevance,
    /// Latest change first.
    Newest,
}

/// One search, with the caller's principals (`None`: an administrator, who sees everything).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    pub principals: Option<Vec<String>>,
    pub kind: Option<Kind>,
    pub department: Option<String>,
    pub scenario: Option<String>,
    pub quarter: Option<String>,
    pub tag: Option<String>,
    pub outcome: Option<Outcome>,
    pub archived: Option<bool>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

/// A document that matched, with a passage of it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub id: String,
    pub task_id: String,
    pub display: String,
    pub snippet: String,
    /// `[start, end)` character offsets into `snippet`.
    pub highlights: Vec<[usize; 2]>,
    pub updated_micros: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts per value, over every document the caller may see that matched.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub kind: Vec<FacetCount>,
    pub department: Vec<FacetCount>,
    pub scenario: Vec<FacetCount>,
    pub quarter: Vec<FacetCount>,
    pub tag: Vec<FacetCount>,
    pub outcome: Vec<FacetCount>,
}

#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub total: u64,
    pub facets: Facets,
}

/// The facet fields, by name (fast string columns).
const FACETS: [&str; 6] = ["kind", "department", "scenario", "quarter", "tag", "outcome"];
/// Characters of a result's passage.
const SNIPPET_CHARS: usize = 120;
/// Title words weigh more than body words.
const TITLE_BOOST: Score = 2.0;
/// The words of the query in their order.
const PHRASE_BOOST: Score = 4.0;
/// A typo'd match counts less than an exact one.
const FUZZY_BOOST: Score = 0.5;

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("search: {e}"))
}

fn filter(field: Field, value: &str) -> (Occur, Box<dyn Query>) {
    let q = TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
    (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(q), 0.0)))
}

/// The query's words, in order, with their character positions (default-mode jieba).
pub fn words(text: &str) -> Vec<Token> {
    Words::for_queries().words(text)
}

impl Engine {
    fn query(&self, q: &SearchQuery, words: &[Token]) -> Box<dyn Query> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut distinct: Vec<&str> = Vec::new();
        for w in words {
            if !distinct.contains(&w.text.as_str()) {
                distinct.push(&w.text);
            }
        }
        for w in &distinct {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [(f.title, TITLE_BOOST), (f.body, 1.0)] {
                let term = Term::from_field_text(field, w);
                let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                any.push((Occur::Should, Box::new(BoostQuery::new(Box::new(exact), boost))));
                let typos = text::typos_allowed(w);
                if text::is_latin(w) && typos > 0 {
                    let fuzzy = FuzzyTermQuery::new(term, typos, true);
                    any.push((Occur::Should, Box::new(BoostQuery::new(Box::new(fuzzy), boost * FUZZY_BOOST))));
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        // The phrase: every adjacent pair of the query's words, looked up as terms.
        let pairs = text::pairs(words);
        if !pairs.is_empty() {
            for (field, boost) in [(f.title_pairs, PHRASE_BOOST * TITLE_BOOST), (f.body_pairs, PHRASE_BOOST)] {
                let all: Vec<(Occur, Box<dyn Query>)> = pairs
                    .iter()
                    .map(|p| {
                        let q = TermQuery::new(Term::from_field_text(field, p), IndexRecordOption::WithFreqs);
                        (Occur::Must, Box::new(q) as Box<dyn Query>)
                    })
                    .collect();
                must.push((Occur::Should, Box::new(BoostQuery::new(Box::new(BooleanQuery::new(all)), boost))));
            }
        }
        // Permissions first: only what the caller's principals may see.
        if let Some(principals) = &q.principals {
            let terms = principals.iter().map(|p| Term::from_field_text(f.audience, p));
            must.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(TermSetQuery::new(terms)), 0.0))));
        }
        if let Some(k) = q.kind {
            must.push(filter(f.kind, k.as_str()));
        }
        for (field, value) in
            [(f.department, &q.department), (f.scenario, &q.scenario), (f.quarter, &q.quarter), (f.tag, &q.tag)]
        {
            if let Some(v) = value {
                must.push(filter(field, v));
            }
        }
        if let Some(o) = q.outcome {
            must.push(filter(f.outcome, o.as_str()));
        }
        if let Some(a) = q.archived {
            must.push(filter(f.archived, if a { "true" } else { "false" }));
        }
        Box::new(BooleanQuery::new(must))
    }

    /// Runs a search: a page of hits with their passages, the total and the facets.
    pub fn search(&self, q: &SearchQuery) -> AppResult<SearchResult> {
        let words = words(&q.text);
        if words.is_empty() {
            return Ok(SearchResult::default());
        }
        let query = self.query(q, &words);
        let searcher = self.reader.searcher();
        let limit = q.limit.max(1);
        let (addresses, total, counts): (Vec<DocAddress>, usize, HashMap<&'static str, HashMap<String, u64>>) = match q
            .sort
        {
            Sort::Relevance => {
                let top = TopDocs::with_limit(limit).and_offset(q.offset).order_by_score();
                let (top, total, counts) = searcher.search(&query, &(top, Count, FacetCounter)).map_err(internal)?;
                (top.into_iter().map(|(_, a)| a).collect(), total, counts)
            }
            Sort::Newest => {
                let top =
                    TopDocs::with_limit(limit).and_offset(q.offset).order_by_fast_field::<i64>("updated", Order::Desc);
                let (top, total, counts) = searcher.search(&query, &(top, Count, FacetCounter)).map_err(internal)?;
                (top.into_iter().map(|(_, a)| a).collect(), total, counts)
            }
        };
        let query_words: Vec<String> = words.into_iter().map(|w| w.text).collect();
        let f = &self.fields;
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(internal)?;
            let Some(kind) = Kind::parse(&Engine::text_of(&doc, f.kind)) else { continue };
            let body = Engine::text_of(&doc, f.body);
            let title = Engine::text_of(&doc, f.title);
            let (mut snippet, mut highlights) = text::snippet(&body, &query_words, SNIPPET_CHARS);
            if highlights.is_empty() {
                let (t, h) = text::snippet(&title, &query_words, SNIPPET_CHARS);
                if !h.is_empty() || snippet.is_empty() {
                    (snippet, highlights) = (t, h);
                }
            }
            hits.push(Hit {
                kind,
                id: Engine::text_of(&doc, f.id),
                task_id: Engine::text_of(&doc, f.task_id),
                display: Engine::text_of(&doc, f.display),
                snippet,
                highlights,
                updated_micros: Engine::i64_of(&doc, f.updated),
            });
        }
        let mut counts = counts;
        let mut facet = |name: &str| -> Vec<FacetCount> {
            let mut v: Vec<FacetCount> = counts
                .remove(name)
                .unwrap_or_default()
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v
        };
        let facets = Facets {
            kind: facet("kind"),
            department: facet("department"),
            scenario: facet("scenario"),
            quarter: facet("quarter"),
            tag: facet("tag"),
            outcome: facet("outcome"),
        };
        Ok(SearchResult { hits, total: u64::try_from(total).unwrap_or(u64::MAX), facets })
    }
}

/// Counts the values of the facet columns over the matching documents.
struct FacetCounter;

struct SegmentFacets {
    columns: Vec<(&'static str, StrColumn, Vec<u64>)>,
}

impl Collector for FacetCounter {
    type Fruit = HashMap<&'static str, HashMap<String, u64>>;
    type Child = SegmentFacets;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let mut columns = Vec::new();
        for name in FACETS {
            if let Some(col) = segment.fast_fields().str(name)? {
                let n = col.num_terms();
                columns.push((name, col, vec![0; n]));
            }
        }
        Ok(SegmentFacets { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out: Self::Fruit = HashMap::new();
        for fruit in fruits {
            for (name, values) in fruit {
                let slot = out.entry(name).or_default();
                for (v, n) in values {
                    *slot.entry(v).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = HashMap<&'static str, HashMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (_, col, counts) in &mut self.columns {
            for ord in col.term_ords(doc) {
                if let Some(c) = usize::try_from(ord).ok().and_then(|o| counts.get_mut(o)) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = HashMap::new();
        for (name, col, counts) in self.columns {
            let mut values = HashMap::new();
            let mut s = String::new();
            for (ord, n) in counts.into_iter().enumerate() {
                if n == 0 {
                    continue;
                }
                s.clear();
                if col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                    values.insert(s.clone(), n);
                }
            }
            out.insert(name, values);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::engine::{Change, Payload};
    use crate::search::{Doc, DocFacets};

    fn doc(kind: Kind, id: &str, title: &str, body: &str, audience: &[&str], at: i64) -> Doc {
        Doc {
            kind,
            id: id.into(),
            task_id: "t".into(),
            root_id: "t".into(),
            path: vec!["t".into()],
            display: title.into(),
            title: title.into(),
            body: body.into(),
            updated_micros: at,
            audience: audience.iter().map(|s| (*s).to_owned()).collect(),
            facets: DocFacets {
                departments: vec!["d1".into()],
                scenario: "cross_department".into(),
                ..Default::default()
            },
        }
    }

    fn engine(docs: Vec<Doc>) -> Engine {
        let e = Engine::in_ram().expect("index");
        for d in docs {
            e.apply(&Change::Add(Box::new(d))).expect("add");
        }
        e.commit(&Payload { schema: 1, seq: 1, database: String::new() }).expect("commit");
        e
    }

    fn ids(e: &Engine, text: &str, principals: Option<&[&str]>) -> Vec<String> {
        let q = SearchQuery {
            text: text.into(),
            principals: principals.map(|p| p.iter().map(|s| (*s).to_owned()).collect()),
            limit: 10,
            ..Default::default()
        };
        e.search(&q).expect("search").hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn words_in_any_order_match_and_the_exact_phrase_ranks_first() {
        let e = engine(vec![
            doc(Kind::Comment, "c1", "", "这是审批预算的流程说明", &["pub"], 2),
            doc(Kind::Comment, "c2", "", "预算审批的流程说明", &["pub"], 1),
            doc(Kind::Comment, "c3", "", "只有预算", &["pub"], 3),
        ]);
        assert_eq!(ids(&e, "预算审批", None), ["c2", "c1"]);
        assert_eq!(ids(&e, "budgte", None), Vec::<String>::new());
    }

    #[test]
    fn latin_typos_are_tolerated_and_audience_filters_first() {
        let e = engine(vec![
            doc(Kind::File, "f1", "Budget plan.xlsx", "", &["u:a"], 1),
            doc(Kind::File, "f2", "budget review", "", &["u:b"], 2),
        ]);
        assert_eq!(ids(&e, "budgte", Some(&["u:a"])), ["f1"]);
        assert_eq!(ids(&e, "BUDGET", Some(&["u:b", "pub"])), ["f2"]);
        let q =
            SearchQuery { text: "budget".into(), principals: Some(vec!["u:a".into()]), limit: 5, ..Default::default() };
        let r = e.search(&q).expect("search");
        assert_eq!(r.total, 1);
        assert_eq!(r.facets.kind, [FacetCount { value: "file".into(), count: 1 }]);
        assert_eq!(r.hits[0].highlights, [[0, 6]]);
    }
}
