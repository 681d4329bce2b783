//! Departments, users and department heads.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{department_heads, departments, users};
use super::DbConn;
use crate::error::AppResult;
use crate::values::{Locale, Role};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = departments)]
pub struct DepartmentRow {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = departments)]
pub struct NewDepartmentRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub search_key: &'a str,
    pub parent_id: Option<&'a str>,
    pub is_active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = departments)]
pub struct DepartmentChanges {
    pub name: Option<String>,
    pub search_key: Option<String>,
    pub parent_id: Option<Option<String>>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub mobile: Option<String>,
    pub department_id: Option<String>,
    pub title: Option<String>,
    pub supervisor_id: Option<String>,
    pub role: Role,
    pub is_active: bool,
    pub password_hash: String,
    pub locale: Locale,
    pub time_zone: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub search_key: &'a str,
    pub mobile: Option<&'a str>,
    pub department_id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub supervisor_id: Option<&'a str>,
    pub role: &'a str,
    pub is_active: bool,
    pub password_hash: &'a str,
    pub locale: Locale,
    pub time_zone: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub email: Option<String>,
    pub name: Option<String>,
    pub search_key: Option<String>,
    pub mobile: Option<Option<String>>,
    pub department_id: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub supervisor_id: Option<Option<String>>,
    pub role: Option<String>,
    pub is_active: Option<bool>,
    pub password_hash: Option<String>,
    pub locale: Option<Locale>,
    pub time_zone: Option<String>,
}

/// Filters for listing users; `after` is the keyset position (name, id).
#[derive(Debug, Default)]
pub struct UserFilter {
    pub like: Option<String>,
    pub department_id: Option<String>,
    pub role: Option<String>,
    pub is_active: Option<bool>,
}

pub fn find_user(c: &mut DbConn, id: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table.find(id).select(UserRow::as_select()).first(c).optional()?)
}

pub fn find_user_by_email(c: &mut DbConn, email: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table.filter(users::email.eq(email)).select(UserRow::as_select()).first(c).optional()?)
}

pub fn insert_user(c: &mut DbConn, row: &NewUserRow<'_>) -> AppResult<()> {
    diesel::insert_into(users::table).values(row).execute(c)?;
    Ok(())
}

/// Applies changes when the stored version is `expected`; returns false when it is not.
pub fn update_user(
    c: &mut DbConn,
    id: &str,
    expected: i64,
    changes: &UserChanges,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(users::table.filter(users::id.eq(id)).filter(users::version.eq(expected)))
        .set((changes, users::updated_at.eq(at), users::version.eq(expected + 1)))
        .execute(c)?;
    Ok(n == 1)
}

fn user_query<'a>(f: &'a UserFilter) -> users::BoxedQuery<'a, super::MultiBackend> {
    let mut q = users::table.into_boxed();
    if let Some(p) = &f.like {
        q = q.filter(users::search_key.like(p).escape('\\'));
    }
    if let Some(d) = &f.department_id {
        q = q.filter(users::department_id.eq(d));
    }
    if let Some(r) = &f.role {
        q = q.filter(users::role.eq(r));
    }
    if let Some(a) = f.is_active {
        q = q.filter(users::is_active.eq(a));
    }
    q
}

/// One page of users ordered by (name, id), starting after `after`.
pub fn list_users(c: &mut DbConn, f: &UserFilter, after: Option<(&str, &str)>, limit: i64) -> AppResult<Vec<UserRow>> {
    let mut q = user_query(f);
    if let Some((name, id)) = after {
        q = q.filter(users::name.ge(name)).filter(users::name.gt(name).or(users::name.eq(name).and(users::id.gt(id))));
    }
    Ok(q.order((users::name.asc(), users::id.asc())).limit(limit).select(UserRow::as_select()).load(c)?)
}

pub fn count_users(c: &mut DbConn, f: &UserFilter) -> AppResult<i64> {
    Ok(user_query(f).count().get_result(c)?)
}

pub fn count_users_by_role(c: &mut DbConn, role: &str) -> AppResult<i64> {
    Ok(users::table.filter(users::role.eq(role)).filter(users::is_active.eq(true)).count().get_result(c)?)
}

/// Ids to look up, each once (callers pass one per row: a page of 2,000 tasks names the same
/// few hundred owners and departments again and again).
fn distinct<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Names of the given users (for references in DTOs), a query per 500 distinct ids.
pub fn user_names(c: &mut DbConn, ids: &[&str]) -> AppResult<HashMap<String, String>> {
    let ids = distinct(ids);
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String)> =
            users::table.filter(users::id.eq_any(chunk)).select((users::id, users::name)).load(c)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The supervisor chain upwards from `id` (ids), stopping at a repeat.
pub fn supervisor_of(c: &mut DbConn, id: &str) -> AppResult<Option<String>> {
    Ok(users::table.find(id).select(users::supervisor_id).first::<Option<String>>(c).optional()?.flatten())
}

/// Active users of a company role, by name (an approval step's "role" rule).
pub fn active_users_with_role(c: &mut DbConn, role: crate::values::Role) -> AppResult<Vec<String>> {
    Ok(users::table
        .filter(users::role.eq(role))
        .filter(users::is_active.eq(true))
        .order((users::name.asc(), users::id.asc()))
        .select(users::id)
        .load(c)?)
}

pub fn find_department(c: &mut DbConn, id: &str) -> AppResult<Option<DepartmentRow>> {
    Ok(departments::table.find(id).select(DepartmentRow::as_select()).first(c).optional()?)
}

pub fn find_department_by_name(c: &mut DbConn, name: &str) -> AppResult<Option<DepartmentRow>> {
    Ok(departments::table.filter(departments::name.eq(name)).select(DepartmentRow::as_select()).first(c).optional()?)
}

pub fn insert_department(c: &mut DbConn, row: &NewDepartmentRow<'_>) -> AppResult<()> {
    diesel::insert_into(departments::table).values(row).execute(c)?;
    Ok(())
}

pub fn update_department(
    c: &mut DbConn,
    id: &str,
    expected: i64,
    changes: &DepartmentChanges,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(departments::table.filter(departments::id.eq(id)).filter(departments::version.eq(expected)))
        .set((changes, departments::updated_at.eq(at), departments::version.eq(expected + 1)))
        .execute(c)?;
    Ok(n == 1)
}

/// Bumps the version of a department whose related rows (heads) changed without a column change.
pub fn touch_department(c: &mut DbConn, id: &str, expected: i64, at: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(departments::table.filter(departments::id.eq(id)).filter(departments::version.eq(expected)))
        .set((departments::updated_at.eq(at), departments::version.eq(expected + 1)))
        .execute(c)?;
    Ok(n == 1)
}

pub fn parent_of(c: &mut DbConn, id: &str) -> AppResult<Option<String>> {
    Ok(departments::table.find(id).select(departments::parent_id).first::<Option<String>>(c).optional()?.flatten())
}

#[derive(Debug, Default)]
pub struct DepartmentFilter {
    pub like: Option<String>,
    pub parent_id: Option<String>,
    pub is_active: Option<bool>,
}

fn department_query<'a>(f: &'a DepartmentFilter) -> departments::BoxedQuery<'a, super::MultiBackend> {
    let mut q = departments::table.into_boxed();
    if let Some(p) = &f.like {
        q = q.filter(departments::search_key.like(p).escape('\\'));
    }
    if let Some(p) = &f.parent_id {
        q = q.filter(departments::parent_id.eq(p));
    }
    if let Some(a) = f.is_active {
        q = q.filter(departments::is_active.eq(a));
    }
    q
}

pub fn list_departments(
    c: &mut DbConn,
    f: &DepartmentFilter,
    after: Option<(&str, &str)>,
    limit: i64,
) -> AppResult<Vec<DepartmentRow>> {
    let mut q = department_query(f);
    if let Some((name, id)) = after {
        q = q
            .filter(departments::name.ge(name))
            .filter(departments::name.gt(name).or(departments::name.eq(name).and(departments::id.gt(id))));
    }
    Ok(q.order((departments::name.asc(), departments::id.asc()))
        .limit(limit)
        .select(DepartmentRow::as_select())
        .load(c)?)
}

pub fn count_departments(c: &mut DbConn, f: &DepartmentFilter) -> AppResult<i64> {
    Ok(department_query(f).count().get_result(c)?)
}

/// Heads (id, name) of each given department, in one query.
pub fn heads_of(c: &mut DbConn, department_ids: &[&str]) -> AppResult<HashMap<String, Vec<(String, String)>>> {
    let rows: Vec<(String, String, String)> = department_heads::table
        .inner_join(users::table.on(users::id.eq(department_heads::user_id)))
        .filter(department_heads::department_id.eq_any(department_ids))
        .order((users::name.asc(), users::id.asc()))
        .select((department_heads::department_id, users::id, users::name))
        .load(c)?;
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (dept, id, name) in rows {
        out.entry(dept).or_default().push((id, name));
    }
    Ok(out)
}

/// Active member counts of each given department, in one query.
pub fn member_counts(c: &mut DbConn, department_ids: &[&str]) -> AppResult<HashMap<String, i64>> {
    let rows: Vec<(Option<String>, i64)> = users::table
        .filter(users::department_id.eq_any(department_ids))
        .filter(users::is_active.eq(true))
        .group_by(users::department_id)
        .select((users::department_id, diesel::dsl::count_star()))
        .load(c)?;
    Ok(rows.into_iter().filter_map(|(d, n)| d.map(|d| (d, n))).collect())
}

pub fn department_names(c: &mut DbConn, ids: &[&str]) -> AppResult<HashMap<String, String>> {
    let ids = distinct(ids);
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String)> = departments::table
            .filter(departments::id.eq_any(chunk))
            .select((departments::id, departments::name))
            .load(c)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Replaces the heads of a department.
pub fn set_heads(c: &mut DbConn, department_id: &str, user_ids: &[String]) -> AppResult<()> {
    diesel::delete(department_heads::table.filter(department_heads::department_id.eq(department_id))).execute(c)?;
    // MultiConnection has no multi-row insert: one row at a time, inside the caller's transaction.
    for uid in user_ids {
        diesel::insert_into(department_heads::table)
            .values((department_heads::department_id.eq(department_id), department_heads::user_id.eq(uid)))
            .execute(c)?;
    }
    Ok(())
}

pub fn count_existing_users(c: &mut DbConn, ids: &[String]) -> AppResult<i64> {
    Ok(users::table.filter(users::id.eq_any(ids)).count().get_result(c)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::sqlite_db;

    #[test]
    fn name_lookups_answer_each_id_once_across_chunks_and_repeats() {
        let (db, _dir) = sqlite_db();
        let at = chrono::Utc::now().naive_utc();
        let ids: Vec<String> = (0..1_201).map(|i| format!("d-{i:05}")).collect();
        db.write_blocking(|c| {
            for id in &ids {
                let name = format!("部门{id}");
                let row = NewDepartmentRow {
                    id,
                    name: &name,
                    search_key: id,
                    parent_id: None,
                    is_active: true,
                    created_at: at,
                    updated_at: at,
                    version: 1,
                };
                insert_department(c, &row)?;
            }
            Ok(())
        })
        .expect("departments");
        // Every id three times, as a page of tasks names its departments, plus one unknown id.
        let mut asked: Vec<&str> = ids.iter().chain(&ids).chain(&ids).map(String::as_str).collect();
        asked.push("unknown");
        let names = db.read_blocking(move |c| department_names(c, &asked)).expect("names");
        assert_eq!(names.len(), 1_201);
        assert_eq!(names["d-01200"], "部门d-01200");
        assert_eq!(names["d-00000"], "部门d-00000");
        assert!(db.read_blocking(|c| department_names(c, &[])).expect("none").is_empty());
    }
}
