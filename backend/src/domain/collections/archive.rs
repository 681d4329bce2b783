//! A round's results for the collector: every handed-in file as one zip (named
//! `部门_姓名_原文件名`, safe for Windows; the content streams from the blob store, see
//! [`crate::zipstream`]) and the form's answers as a workbook, one row per department or person.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::Value;

use super::submit::HandedFile;
use super::{parse, round_label, Spec, Standing};
use crate::db::collections::{self as store, CollectionRow, RoundRow, SubmissionFilter, SubmissionRow};
use crate::db::files as file_store;
use crate::db::orgs as org_store;
use crate::db::DbConn;
use crate::domain::texts::Audience;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::values::{FormFieldKind, SubmissionStatus};
use crate::workbooks::{Book, Cell, Col};
use crate::zipstream;

/// Submissions read per query.
const PAGE: i64 = 500;
/// The longest entry name in the archive.
const MAX_ENTRY_CHARS: usize = 180;

/// One file of the archive.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    /// When its version was uploaded (UTC).
    pub modified: NaiveDateTime,
}

fn load_round(c: &mut DbConn, actor_id: &str, round_id: &str) -> AppResult<(RoundRow, CollectionRow, Standing)> {
    let round = store::find_round(c, round_id)?.ok_or_else(|| AppError::not_found("round"))?;
    let standing = Standing::load(c, actor_id, &round.task_id, "round")?;
    if !standing.manages() {
        return Err(AppError::forbidden("only the collector (whoever runs the task) downloads a round"));
    }
    let collection = store::find_collection(c, &round.collection_id)?.ok_or_else(|| AppError::not_found("round"))?;
    Ok((round, collection, standing))
}

/// Every submission of a round in the matrix's order, page by page.
fn all_submissions(c: &mut DbConn, round_id: &str, statuses: Vec<SubmissionStatus>) -> AppResult<Vec<SubmissionRow>> {
    let filter = SubmissionFilter { statuses, mine: None };
    let mut out: Vec<SubmissionRow> = Vec::new();
    loop {
        let after = out.last().map(|r| (r.position, r.id.clone()));
        let page =
            store::submissions_of_round(c, round_id, &filter, after.as_ref().map(|(p, i)| (*p, i.as_str())), PAGE)?;
        let done = page.len() < usize::try_from(PAGE).unwrap_or(usize::MAX);
        out.extend(page);
        if done {
            return Ok(out);
        }
    }
}

/// The department (a person's own department) of each submission, by submission id.
fn department_names(c: &mut DbConn, rows: &[SubmissionRow]) -> AppResult<HashMap<String, String>> {
    let mut dept_of: HashMap<String, String> = HashMap::new();
    for r in rows {
        let dept = match (&r.department_id, &r.person_id) {
            (Some(d), _) => Some(d.clone()),
            (_, Some(p)) => org_store::find_user(c, p)?.and_then(|u| u.department_id),
            _ => None,
        };
        if let Some(d) = dept {
            dept_of.insert(r.id.clone(), d);
        }
    }
    let ids: Vec<&str> = dept_of.values().map(String::as_str).collect();
    let names = org_store::department_names(c, &ids)?;
    Ok(dept_of.into_iter().filter_map(|(s, d)| names.get(&d).map(|n| (s, n.clone()))).collect())
}

/// The archive's name and entries: the newest version of every file of every handed-in or
/// accepted submission, named `部门_姓名_原文件名` (姓名: who uploaded that version).
pub fn entries(c: &mut DbConn, actor_id: &str, round_id: &str) -> AppResult<(String, Vec<Entry>)> {
    let (round, collection, _) = load_round(c, actor_id, round_id)?;
    let rows = all_submissions(c, round_id, vec![SubmissionStatus::Submitted, SubmissionStatus::Accepted])?;
    let departments = department_names(c, &rows)?;
    let mut out: Vec<Entry> = Vec::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for row in &rows {
        let handed: Vec<HandedFile> = parse(&row.files)?;
        let ids: Vec<String> = handed.iter().map(|h| h.file_id.clone()).collect();
        let current: HashMap<String, file_store::VersionRow> =
            file_store::current_versions(c, &ids)?.into_iter().map(|v| (v.file_id.clone(), v)).collect();
        let uploaders: Vec<&str> = current.values().map(|v| v.created_by.as_str()).collect();
        let people = org_store::user_names(c, &uploaders)?;
        for h in handed {
            let Some(v) = current.get(&h.file_id) else { continue };
            let dept = departments.get(&row.id).map(String::as_str).unwrap_or("-");
            let who = people.get(&v.created_by).map(String::as_str).unwrap_or("-");
            let mut name = zipstream::safe_name(&format!("{dept}_{who}_{}", h.name), MAX_ENTRY_CHARS);
            let seen = taken.entry(name.clone()).or_insert(0);
            *seen += 1;
            if *seen > 1 {
                name = match name.rsplit_once('.') {
                    Some((stem, ext)) => format!("{stem} ({seen}).{ext}"),
                    None => format!("{name} ({seen})"),
                };
            }
            out.push(Entry {
                name,
                sha256: v.sha256.clone(),
                size: u64::try_from(v.size_bytes).unwrap_or(0),
                modified: v.created_at,
            });
        }
    }
    if !zipstream::fits(out.iter().map(|e| (e.name.as_str(), e.size))) {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            "the round's files pass 4 GiB or 65,535 files: download them from the task's Files",
        ));
    }
    let archive = zipstream::safe_name(&format!("{}.zip", round_label(&collection.title, &round.period)), 150);
    Ok((archive, out))
}

/// The form's answers as a workbook: one row per department or person of the round (those who
/// have not handed in too), in the reader's language and time zone.
pub fn answers_workbook(c: &mut DbConn, actor_id: &str, round_id: &str) -> AppResult<(String, Vec<u8>)> {
    let (round, collection, standing) = load_round(c, actor_id, round_id)?;
    let me = org_store::find_user(c, &standing.actor.id)?.ok_or_else(|| AppError::not_found("user"))?;
    let audience = Audience::new(me.locale, &me.time_zone);
    let spec: Spec = parse(&collection.spec)?;
    let rows = all_submissions(c, round_id, vec![])?;
    let departments = department_names(c, &rows)?;
    let mut people: Vec<&str> = rows.iter().filter_map(|r| r.person_id.as_deref()).collect();
    people.extend(rows.iter().filter_map(|r| r.submitted_by.as_deref()));
    let names = org_store::user_names(c, &people)?;
    let t = |zh: &'static str, en: &'static str| if audience.english { en } else { zh };
    let mut headers: Vec<Col<'_>> = vec![
        Col { header: t("部门", "Department"), width: 14.0 },
        Col { header: t("人员", "Person"), width: 10.0 },
        Col { header: t("状态", "Status"), width: 10.0 },
        Col { header: t("提交人", "Handed in by"), width: 10.0 },
        Col { header: t("提交时间", "Handed in at"), width: 18.0 },
        Col { header: t("是否逾期", "Late"), width: 8.0 },
        Col { header: t("退回意见", "Sent back because"), width: 20.0 },
    ];
    headers.extend(spec.fields.iter().map(|f| Col { header: f.label.as_str(), width: 12.0 }));
    headers.push(Col { header: t("文件", "Files"), width: 30.0 });
    let at = crate::db::now();
    let mut table: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    for r in &rows {
        let answers: serde_json::Map<String, Value> = parse(&r.answers)?;
        let handed: Vec<HandedFile> = parse(&r.files)?;
        let open = matches!(r.status, SubmissionStatus::Pending | SubmissionStatus::Returned);
        let text = |s: Option<&String>| s.map_or(Cell::Empty, |s| Cell::Text(s.clone()));
        let mut line = vec![
            text(departments.get(&r.id)),
            text(r.person_id.as_ref().and_then(|p| names.get(p))),
            Cell::Text(audience.submission_status(r.status, open && at > round.due_at)),
            text(r.submitted_by.as_ref().and_then(|p| names.get(p))),
            r.submitted_at.map_or(Cell::Empty, Cell::Time),
            Cell::Text(t(if r.is_late { "是" } else { "否" }, if r.is_late { "yes" } else { "no" }).to_owned()),
            text(r.review_comment.as_ref()),
        ];
        for f in &spec.fields {
            line.push(match (answers.get(&f.key), f.kind) {
                (Some(Value::Number(n)), FormFieldKind::Number) => n.as_f64().map_or(Cell::Empty, Cell::Num),
                (Some(Value::String(s)), FormFieldKind::Date) => {
                    s.parse().map_or_else(|_| Cell::Text(s.clone()), Cell::Date)
                }
                (Some(Value::String(s)), _) => Cell::Text(s.clone()),
                (Some(v), _) if !v.is_null() => Cell::Text(v.to_string()),
                _ => Cell::Empty,
            });
        }
        line.push(Cell::Text(handed.iter().map(|h| h.name.as_str()).collect::<Vec<_>>().join("、")));
        table.push(line);
    }
    let tz = audience.tz;
    let mut book = Book::new(tz);
    let label = round_label(&collection.title, &round.period);
    book.about(&label, &me.name, &crate::domain::reminders::rules().company_name);
    book.table(t("提交情况", "Submissions"), &headers, &table)?;
    let name = zipstream::safe_name(&format!("{label}.xlsx"), 150);
    Ok((name, book.into_bytes()?))
}
