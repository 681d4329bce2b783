//! The audit log: appended to, read by administrators, never changed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_events;
use super::{DbConn, MultiBackend};
use crate::error::AppResult;
use crate::values::AuditKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub kind: AuditKind,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub detail: String,
}

pub fn insert(c: &mut DbConn, row: &AuditRow) -> AppResult<()> {
    diesel::insert_into(audit_events::table).values(row).execute(c)?;
    Ok(())
}

/// Filters of the admin's audit view; newest first.
#[derive(Debug, Default)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub kinds: Vec<AuditKind>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    /// Keyset position: (at, id) of the last row seen.
    pub before: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

fn filtered(f: &AuditFilter) -> audit_events::BoxedQuery<'_, MultiBackend> {
    let mut q = audit_events::table.into_boxed();
    if let Some(a) = &f.actor_id {
        q = q.filter(audit_events::actor_id.eq(a));
    }
    if !f.kinds.is_empty() {
        q = q.filter(audit_events::kind.eq_any(&f.kinds));
    }
    if let Some(t) = f.from {
        q = q.filter(audit_events::at.ge(t));
    }
    if let Some(t) = f.to {
        q = q.filter(audit_events::at.lt(t));
    }
    q
}

pub fn list(c: &mut DbConn, f: &AuditFilter) -> AppResult<Vec<AuditRow>> {
    let mut q = filtered(f);
    if let Some((at, id)) = &f.before {
        q = q
            .filter(audit_events::at.le(*at))
            .filter(audit_events::at.lt(*at).or(audit_events::at.eq(*at).and(audit_events::id.lt(id.clone()))));
    }
    Ok(q.order((audit_events::at.desc(), audit_events::id.desc()))
        .limit(f.limit + 1)
        .select(AuditRow::as_select())
        .load(c)?)
}

pub fn count(c: &mut DbConn, f: &AuditFilter) -> AppResult<i64> {
    Ok(filtered(f).count().get_result(c)?)
}

/// What the ids an event names are called: people and departments by name, tasks by title,
/// files, access tokens and robots by name (ids of nothing known are left out).
pub fn names_of(c: &mut DbConn, ids: &[String]) -> AppResult<std::collections::HashMap<String, String>> {
    use super::schema::{access_tokens, robots, tasks};
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut out = super::orgs::user_names(c, &refs)?;
    out.extend(super::orgs::department_names(c, &refs)?);
    out.extend(super::files::names_of(c, ids)?);
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String)> =
            tasks::table.filter(tasks::id.eq_any(chunk)).select((tasks::id, tasks::title)).load(c)?;
        out.extend(rows);
        let rows: Vec<(String, String)> = access_tokens::table
            .filter(access_tokens::id.eq_any(chunk))
            .select((access_tokens::id, access_tokens::name))
            .load(c)?;
        out.extend(rows);
        let rows: Vec<(String, String)> =
            robots::table.filter(robots::id.eq_any(chunk)).select((robots::id, robots::name)).load(c)?;
        out.extend(rows);
    }
    Ok(out)
}
