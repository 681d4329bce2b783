//! Full-text search across tasks, comments, meetings and files (`GET /search`).

use std::time::Duration;

use actix_web::{get, web};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::extract::{parse_one, CurrentUser};
use super::pagination::limit;
use super::users::uuid;
use crate::domain::search as domain;
use crate::domain::Actor;
use crate::error::{AppError, AppResult, ErrorCode, ProblemDetails};
use crate::search::{FacetCount, Kind, Outcome, SearchQuery, Sort};
use crate::state::AppState;
use crate::values::Scenario;

/// How deep a search pages at most: the first 1,000 results.
pub const MAX_DEPTH: usize = 1_000;
/// The longest query.
pub const MAX_QUERY_CHARS: usize = 200;
/// How long a search waits for the index to take in changes made before it (read your writes).
const FRESH_WAIT: Duration = Duration::from_secs(2);

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SearchKind {
    Task,
    Comment,
    Meeting,
    File,
}

impl From<SearchKind> for Kind {
    fn from(k: SearchKind) -> Self {
        match k {
            SearchKind::Task => Kind::Task,
            SearchKind::Comment => Kind::Comment,
            SearchKind::Meeting => Kind::Meeting,
            SearchKind::File => Kind::File,
        }
    }
}

impl From<Kind> for SearchKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Task => SearchKind::Task,
            Kind::Comment => SearchKind::Comment,
            Kind::Meeting => SearchKind::Meeting,
            Kind::File => SearchKind::File,
        }
    }
}

/// `relevance`: best first (an exact phrase first, title words weigh more); `newest`: latest
/// change first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SearchSort {
    Relevance,
    Newest,
}

/// The search and its filters. Filters are those of the top-level task a result belongs to.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to find (1–200 characters). Chinese is segmented into words, so the words may
    /// come in any order; Latin words of four letters or more tolerate a typo (eight or more: two).
    #[param(min_length = 1, max_length = 200)]
    pub q: Option<String>,
    /// Only results of this kind.
    #[param(inline, value_type = Option<SearchKind>)]
    pub kind: Option<String>,
    /// The top-level task's initiating department or one of its departments.
    #[param(value_type = Option<String>, format = Uuid)]
    pub department_id: Option<String>,
    #[param(inline, value_type = Option<Scenario>)]
    pub scenario: Option<String>,
    /// The quarter the top-level task was done in (company time zone), e.g. `2026-Q4`.
    #[param(pattern = r"^[0-9]{4}-Q[1-4]$")]
    pub quarter: Option<String>,
    /// A tag of the top-level task (case library).
    #[param(max_length = 50)]
    pub tag: Option<String>,
    /// Whether the top-level task was done on time.
    #[param(value_type = Option<crate::values::CaseOutcome>)]
    pub outcome: Option<String>,
    /// `true`: only archived top-level tasks (the case library); `false`: only the others.
    pub archived: Option<bool>,
    /// Default `relevance`.
    #[param(inline, value_type = Option<SearchSort>)]
    pub sort: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`: the next page (at most the first 1,000 results are reached).
    pub cursor: Option<String>,
}

fn offset_cursor(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

fn parse_offset(cursor: Option<&str>) -> AppResult<usize> {
    let Some(c) = cursor.filter(|c| !c.is_empty()) else { return Ok(0) };
    let bad = || AppError::field("cursor", "invalid", "the cursor is not one this API returned");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let n: usize = text.strip_prefix("o:").and_then(|n| n.parse().ok()).ok_or_else(bad)?;
    if n >= MAX_DEPTH {
        return Err(bad());
    }
    Ok(n)
}

impl SearchParams {
    /// The engine's query (without the caller's principals) and the page size.
    fn query(&self) -> AppResult<SearchQuery> {
        let q = self.q.as_deref().map(str::trim).unwrap_or_default();
        if q.is_empty() {
            return Err(AppError::field("q", "required", "say what to search for"));
        }
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::field("q", "too_long", "search for at most 200 characters"));
        }
        if q.contains('\0') {
            return Err(AppError::field("q", "invalid", "the search cannot contain NUL"));
        }
        for (field, raw) in [
            ("kind", &self.kind),
            ("department_id", &self.department_id),
            ("scenario", &self.scenario),
            ("quarter", &self.quarter),
            ("tag", &self.tag),
            ("outcome", &self.outcome),
            ("sort", &self.sort),
        ] {
            if raw.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(AppError::field(field, "invalid", format!("{field} cannot be empty")));
            }
        }
        let quarter = crate::domain::cases::parse_quarter(self.quarter.as_deref())?;
        if self.tag.as_ref().is_some_and(|t| t.chars().count() > 50) {
            return Err(AppError::field("tag", "too_long", "a tag has at most 50 characters"));
        }
        let limit = usize::try_from(limit(self.limit)?).unwrap_or(20);
        let offset = parse_offset(self.cursor.as_deref())?;
        Ok(SearchQuery {
            text: q.to_owned(),
            principals: None,
            kind: parse_one::<SearchKind>("kind", self.kind.as_deref())?.map(Kind::from),
            department: parse_one::<Uuid>("department_id", self.department_id.as_deref())?.map(|u| u.to_string()),
            scenario: parse_one::<Scenario>("scenario", self.scenario.as_deref())?.map(|s| s.as_str().to_owned()),
            quarter,
            tag: self.tag.as_deref().map(str::trim).map(str::to_owned),
            outcome: parse_one::<crate::values::CaseOutcome>("outcome", self.outcome.as_deref())?.map(|o| match o {
                crate::values::CaseOutcome::OnTime => Outcome::OnTime,
                crate::values::CaseOutcome::Late => Outcome::Late,
            }),
            archived: self.archived,
            sort: match parse_one::<SearchSort>("sort", self.sort.as_deref())? {
                Some(SearchSort::Newest) => Sort::Newest,
                _ => Sort::Relevance,
            },
            // Never past the first MAX_DEPTH results.
            limit: limit.min(MAX_DEPTH - offset),
            offset,
        })
    }
}

/// The task a result belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchTaskRef {
    pub id: Uuid,
    /// `null` when the caller may not open the task (a company-public file can live on a task
    /// they do not see).
    #[schema(required = true)]
    pub title: Option<String>,
}

/// A passage of the result, plain text, with the matching words marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchSnippet {
    /// Plain text (no HTML): show it escaped.
    pub text: String,
    /// `[start, end)` offsets in characters (Unicode scalar values) into `text`, in order.
    pub highlights: Vec<[usize; 2]>,
}

/// One result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    pub kind: SearchKind,
    /// The task's, comment's, meeting's or file's id.
    pub id: Uuid,
    pub task: SearchTaskRef,
    /// The task's title, the meeting's title or the file's name (for a comment: its task's title).
    pub title: String,
    pub snippet: SearchSnippet,
    pub updated_at: DateTime<Utc>,
}

/// How many results have a value.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchFacetValue {
    pub value: String,
    pub count: u64,
}

/// Counts over every result the caller may see (not only the page), most frequent first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchFacets {
    pub kind: Vec<SearchFacetValue>,
    /// Department ids.
    pub department: Vec<SearchFacetValue>,
    pub scenario: Vec<SearchFacetValue>,
    pub quarter: Vec<SearchFacetValue>,
    pub tag: Vec<SearchFacetValue>,
    pub outcome: Vec<SearchFacetValue>,
}

/// A page of results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub items: Vec<SearchHitDto>,
    pub facets: SearchFacets,
    /// How many results the caller may see in all.
    pub total: u64,
    /// Pass as `cursor` for the next page; `null` on the last (or after the first 1,000 results).
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

fn values(v: Vec<FacetCount>) -> Vec<SearchFacetValue> {
    v.into_iter().map(|f| SearchFacetValue { value: f.value, count: f.count }).collect()
}

/// Search tasks, comments, meetings and files
///
/// One query across tasks (title, goal, progress notes, 协作总结, tags), comments, meeting
/// minutes, file names, descriptions and contents. Every word must match; the exact phrase
/// ranks first. Results the caller may not open are never returned, counted or quoted. While
/// the index is being built it answers 503 `index_building` with `Retry-After`.
#[utoipa::path(tag = "search", params(SearchParams), responses(
    (status = 200, description = "OK", body = SearchPage),
    (status = 503, description = "The search index is being built (problem+json, `Retry-After`)", body = ProblemDetails, content_type = "application/problem+json"),
    (status = "4XX", description = "The request failed (problem+json)", body = ProblemDetails, content_type = "application/problem+json")), security(("bearer" = [])))]
#[get("/search")]
pub async fn search(
    st: web::Data<AppState>,
    me: CurrentUser,
    params: web::Query<SearchParams>,
) -> AppResult<web::Json<SearchPage>> {
    let mut query = params.query()?;
    let user_id = me.id.clone();
    let (actor, principals, seq) = st
        .db
        .read(move |c| {
            let actor = Actor::load(c, &user_id)?;
            let principals = domain::principals(c, &actor)?;
            Ok((actor, principals, crate::db::live::last_seq(c)?))
        })
        .await?;
    query.principals = principals;
    // Read your writes: changes committed before this request are in the answer.
    let progress = st.search.wait_for(seq, FRESH_WAIT).await;
    let engine = st.search.engine().filter(|_| progress.ready).ok_or_else(|| {
        AppError::new(ErrorCode::IndexBuilding, "the search index is being built; try again shortly")
            .with_retry_after(5)
    })?;
    let (offset, limit) = (query.offset, query.limit);
    let result = web::block(move || engine.search(&query)).await.map_err(AppError::internal)??;
    let returned = result.hits.len();
    let hits = st.db.read(move |c| domain::visible(c, &actor, result.hits)).await?;
    let next = offset + returned;
    let more = returned == limit && u64::try_from(next).unwrap_or(u64::MAX) < result.total && next < MAX_DEPTH;
    Ok(web::Json(SearchPage {
        items: hits
            .into_iter()
            .map(|(h, task_title)| SearchHitDto {
                kind: h.kind.into(),
                id: uuid(&h.id),
                task: SearchTaskRef { id: uuid(&h.task_id), title: task_title },
                title: h.display,
                snippet: SearchSnippet { text: h.snippet, highlights: h.highlights },
                updated_at: DateTime::from_timestamp_micros(h.updated_micros).unwrap_or_default(),
            })
            .collect(),
        facets: SearchFacets {
            kind: values(result.facets.kind),
            department: values(result.facets.department),
            scenario: values(result.facets.scenario),
            quarter: values(result.facets.quarter),
            tag: values(result.facets.tag),
            outcome: values(result.facets.outcome),
        },
        total: result.total,
        next_cursor: more.then(|| offset_cursor(next)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_offsets_below_the_depth_cap() {
        assert_eq!(parse_offset(Some(&offset_cursor(40))).expect("cursor"), 40);
        assert_eq!(parse_offset(None).expect("none"), 0);
        assert!(parse_offset(Some("garbage!")).is_err());
        assert!(parse_offset(Some(&offset_cursor(MAX_DEPTH))).is_err());
    }
}
