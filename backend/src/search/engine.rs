//! The tantivy index: its schema, opening and creating it, and writing documents with the log
//! position they bring the index to (kept in the commit's payload).

use std::path::Path;

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::text::{Pairs, Words, PAIRS, WORDS};
use super::{Doc, SCHEMA_VERSION};
use crate::error::{AppError, AppResult};

/// Memory of the index writer before it writes a segment.
const WRITER_BYTES: usize = 64 * 1024 * 1024;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    pub task_id: Field,
    pub root_id: Field,
    pub path: Field,
    pub display: Field,
    pub title: Field,
    pub body: Field,
    /// Adjacent word pairs of the title and the body (the phrase boost).
    pub title_pairs: Field,
    pub body_pairs: Field,
    pub updated: Field,
    pub audience: Field,
    pub department: Field,
    pub scenario: Field,
    pub quarter: Field,
    pub tag: Field,
    pub outcome: Field,
    pub archived: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(WORDS)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let pairs = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(PAIRS).set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        id: b.add_text_field("id", STORED),
        task_id: b.add_text_field("task_id", STRING | STORED),
        root_id: b.add_text_field("root_id", STRING),
        path: b.add_text_field("path", STRING),
        display: b.add_text_field("display", STORED),
        title: b.add_text_field("title", words.clone()),
        body: b.add_text_field("body", words),
        title_pairs: b.add_text_field("title_pairs", pairs.clone()),
        body_pairs: b.add_text_field("body_pairs", pairs),
        updated: b.add_i64_field("updated", INDEXED | STORED | FAST),
        audience: b.add_text_field("audience", STRING),
        department: b.add_text_field("department", STRING | FAST),
        scenario: b.add_text_field("scenario", STRING | FAST),
        quarter: b.add_text_field("quarter", STRING | FAST),
        tag: b.add_text_field("tag", STRING | FAST),
        outcome: b.add_text_field("outcome", STRING | FAST),
        archived: b.add_text_field("archived", STRING),
    };
    (b.build(), fields)
}

/// What the index's last commit says about it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payload {
    pub schema: u32,
    /// Every event of the log up to this `seq` is in the index.
    pub seq: i64,
    /// Which database the index was built from (a digest of its URL without the password).
    pub database: String,
}

/// An open index: a reader for searches, a writer for the indexer.
pub struct Engine {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    writer: Mutex<IndexWriter>,
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("search index: {e}"))
}

impl Engine {
    /// Opens the index in `dir` and its last payload; `Ok(None)` when there is none or it is not
    /// one this version reads (then it must be rebuilt), an error when it cannot be read.
    pub fn open(dir: &Path) -> AppResult<Option<(Self, Payload)>> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir).map_err(internal)?;
        let metas = index.load_metas().map_err(internal)?;
        let Some(payload) = metas.payload.as_deref().and_then(|p| serde_json::from_str::<Payload>(p).ok()) else {
            return Ok(None);
        };
        if payload.schema != SCHEMA_VERSION || index.schema() != schema().0 {
            return Ok(None);
        }
        Ok(Some((Self::with(index)?, payload)))
    }

    /// Creates an empty index in `dir`, removing whatever was there.
    pub fn create(dir: &Path) -> AppResult<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(internal)?;
        }
        crate::private_fs::dir_all(dir).map_err(internal)?;
        let index = Index::create_in_dir(dir, schema().0).map_err(internal)?;
        Self::with(index)
    }

    /// An index in memory (tests).
    pub fn in_ram() -> AppResult<Self> {
        Self::with(Index::create_in_ram(schema().0))
    }

    fn with(index: Index) -> AppResult<Self> {
        index.tokenizers().register(WORDS, Words::for_documents());
        index.tokenizers().register(PAIRS, Pairs::for_documents());
        let (_, fields) = schema();
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(internal)?;
        let writer = index.writer_with_num_threads(1, WRITER_BYTES).map_err(internal)?;
        Ok(Self { index, reader, fields, writer: Mutex::new(writer) })
    }

    fn document(&self, d: &Doc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, d.key());
        doc.add_text(f.kind, d.kind.as_str());
        doc.add_text(f.id, &d.id);
        doc.add_text(f.task_id, &d.task_id);
        doc.add_text(f.root_id, &d.root_id);
        for p in &d.path {
            doc.add_text(f.path, p);
        }
        doc.add_text(f.display, &d.display);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        doc.add_text(f.title_pairs, &d.title);
        doc.add_text(f.body_pairs, &d.body);
        doc.add_i64(f.updated, d.updated_micros);
        for a in &d.audience {
            doc.add_text(f.audience, a);
        }
        let facets = &d.facets;
        for dept in &facets.departments {
            doc.add_text(f.department, dept);
        }
        doc.add_text(f.scenario, &facets.scenario);
        if let Some(q) = &facets.quarter {
            doc.add_text(f.quarter, q);
        }
        for t in &facets.tags {
            doc.add_text(f.tag, t);
        }
        if let Some(o) = facets.outcome {
            doc.add_text(f.outcome, o.as_str());
        }
        doc.add_text(f.archived, if facets.archived { "true" } else { "false" });
        doc
    }

    /// One change to the index, applied in order.
    pub fn apply(&self, change: &Change) -> AppResult<()> {
        let w = self.writer.lock();
        let f = &self.fields;
        match change {
            Change::DeleteSubtree(id) => {
                w.delete_term(Term::from_field_text(f.path, id));
            }
            Change::DeleteTask(id) => {
                w.delete_term(Term::from_field_text(f.task_id, id));
            }
            Change::Delete(key) => {
                w.delete_term(Term::from_field_text(f.key, key));
            }
            Change::Add(doc) => {
                w.add_document(self.document(doc)).map_err(internal)?;
            }
        }
        Ok(())
    }

    /// Makes the changes so far durable and searchable, noting the log position they reach.
    pub fn commit(&self, payload: &Payload) -> AppResult<()> {
        let mut w = self.writer.lock();
        let mut prepared = w.prepare_commit().map_err(internal)?;
        prepared.set_payload(&serde_json::to_string(payload).map_err(internal)?);
        prepared.commit().map_err(internal)?;
        drop(w);
        self.reader.reload().map_err(internal)
    }

    /// Whether the writer merges segments in the background (off while a rebuild writes, so the
    /// one merge at its end does not race the merge policy's).
    pub fn set_background_merges(&self, on: bool) {
        let w = self.writer.lock();
        if on {
            w.set_merge_policy(Box::new(tantivy::indexer::LogMergePolicy::default()));
        } else {
            w.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        }
    }

    /// Merges the committed segments into one (after a rebuild: a search pays per segment for
    /// every word, typo automaton and facet column), then reloads the reader. The commit's
    /// payload stays. Returns how many segments there were.
    pub fn merge_all(&self) -> AppResult<usize> {
        let ids = self.index.searchable_segment_ids().map_err(internal)?;
        if ids.len() > 1 {
            let mut w = self.writer.lock();
            w.merge(&ids).wait().map_err(internal)?;
            drop(w);
            self.reader.reload().map_err(internal)?;
        }
        Ok(ids.len())
    }

    /// Stops the writer and waits for its merges, so nothing writes into the directory any more
    /// (before the directory is rebuilt).
    pub fn close(self) -> AppResult<()> {
        self.writer.into_inner().wait_merging_threads().map_err(internal)
    }

    /// How many documents the index holds (tests, logs).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A stored text field of a document.
    pub(super) fn text_of(doc: &TantivyDocument, field: Field) -> String {
        doc.get_first(field).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    pub(super) fn i64_of(doc: &TantivyDocument, field: Field) -> i64 {
        doc.get_first(field).and_then(|v| v.as_i64()).unwrap_or_default()
    }
}

/// A change to the index.
#[derive(Debug, Clone)]
pub enum Change {
    /// Every document of a task and the tasks below it.
    DeleteSubtree(String),
    /// Every document of one task (its own, its comments, meetings and files).
    DeleteTask(String),
    /// One document, by key.
    Delete(String),
    Add(Box<Doc>),
}
