//! Departments and users: the company directory and its administration.

use std::collections::HashSet;

use crate::db::orgs::{
    self as store, DepartmentChanges, DepartmentFilter, DepartmentRow, NewDepartmentRow, NewUserRow, UserChanges,
    UserFilter, UserRow,
};
use crate::db::{like_pattern, new_id, now, search_key, DbConn};
use crate::error::{AppError, AppResult};

use serde_json::{json, Value};

use super::audit::{self, AuditKind};
use super::permissions::{ensure, Action};
use super::{Actor, Role};
use crate::values::Locale;

/// A user with the names the directory shows next to it.
#[derive(Debug, Clone)]
pub struct UserView {
    pub user: UserRow,
    pub department_name: Option<String>,
    pub supervisor_name: Option<String>,
}

/// A department with its heads and active member count.
#[derive(Debug, Clone)]
pub struct DepartmentView {
    pub department: DepartmentRow,
    pub heads: Vec<(String, String)>,
    pub member_count: i64,
}

/// A page of a keyset-paginated list.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<(String, String)>,
    pub total: i64,
}

fn user_views(c: &mut DbConn, rows: Vec<UserRow>) -> AppResult<Vec<UserView>> {
    let dept_ids: Vec<&str> = rows.iter().filter_map(|u| u.department_id.as_deref()).collect();
    let sup_ids: Vec<&str> = rows.iter().filter_map(|u| u.supervisor_id.as_deref()).collect();
    let depts = store::department_names(c, &dept_ids)?;
    let sups = store::user_names(c, &sup_ids)?;
    Ok(rows
        .into_iter()
        .map(|user| UserView {
            department_name: user.department_id.as_ref().and_then(|d| depts.get(d).cloned()),
            supervisor_name: user.supervisor_id.as_ref().and_then(|s| sups.get(s).cloned()),
            user,
        })
        .collect())
}

fn user_view(c: &mut DbConn, row: UserRow) -> AppResult<UserView> {
    user_views(c, vec![row])?.pop().ok_or_else(|| AppError::internal("user view lost"))
}

fn department_views(c: &mut DbConn, rows: Vec<DepartmentRow>) -> AppResult<Vec<DepartmentView>> {
    let ids: Vec<&str> = rows.iter().map(|d| d.id.as_str()).collect();
    let mut heads = store::heads_of(c, &ids)?;
    let counts = store::member_counts(c, &ids)?;
    Ok(rows
        .into_iter()
        .map(|d| DepartmentView {
            heads: heads.remove(&d.id).unwrap_or_default(),
            member_count: counts.get(&d.id).copied().unwrap_or(0),
            department: d,
        })
        .collect())
}

fn department_view(c: &mut DbConn, row: DepartmentRow) -> AppResult<DepartmentView> {
    department_views(c, vec![row])?.pop().ok_or_else(|| AppError::internal("department view lost"))
}

// ---------------------------------------------------------------- users

#[derive(Debug, Default)]
pub struct UserQuery {
    pub q: Option<String>,
    pub department_id: Option<String>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub after: Option<(String, String)>,
    pub limit: i64,
}

pub fn list_users(c: &mut DbConn, actor_id: &str, query: &UserQuery) -> AppResult<Page<UserView>> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ViewDirectory)?;
    let filter = UserFilter {
        like: query.q.as_deref().filter(|q| !q.trim().is_empty()).map(like_pattern),
        department_id: query.department_id.clone(),
        role: query.role.map(|r| r.as_str().to_owned()),
        is_active: query.is_active,
    };
    let after = query.after.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    let mut rows = store::list_users(c, &filter, after, query.limit + 1)?;
    let next = super::paging::cut_page(&mut rows, query.limit, |u| (u.name.clone(), u.id.clone()));
    let total = store::count_users(c, &filter)?;
    Ok(Page { items: user_views(c, rows)?, next, total })
}

pub fn get_user(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<UserView> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ViewDirectory)?;
    let row = store::find_user(c, id)?.ok_or_else(|| AppError::not_found("user"))?;
    user_view(c, row)
}

/// The signed-in user themself.
pub fn me(c: &mut DbConn, actor_id: &str) -> AppResult<UserView> {
    Actor::load(c, actor_id)?;
    let row = store::find_user(c, actor_id)?.ok_or_else(|| AppError::not_found("user"))?;
    user_view(c, row)
}

#[derive(Debug)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    /// Already hashed (hashing is slow and happens outside the transaction).
    pub password_hash: String,
    pub mobile: Option<String>,
    pub department_id: Option<String>,
    pub title: Option<String>,
    pub supervisor_id: Option<String>,
    pub role: Role,
}

fn check_department(c: &mut DbConn, field: &str, id: &str) -> AppResult<()> {
    match store::find_department(c, id)? {
        Some(d) if d.is_active => Ok(()),
        Some(_) => Err(AppError::field(field, "inactive", "the department is deactivated")),
        None => Err(AppError::field(field, "not_found", "no such department")),
    }
}

fn check_supervisor(c: &mut DbConn, user_id: Option<&str>, supervisor_id: &str) -> AppResult<()> {
    match store::find_user(c, supervisor_id)? {
        Some(s) if s.is_active => {}
        Some(_) => return Err(AppError::field("supervisor_id", "inactive", "the supervisor is deactivated")),
        None => return Err(AppError::field("supervisor_id", "not_found", "no such user")),
    }
    let Some(user_id) = user_id else { return Ok(()) };
    // Walk up the chain: the user must not end up supervising themself.
    let mut seen = HashSet::new();
    let mut cursor = Some(supervisor_id.to_owned());
    while let Some(id) = cursor {
        if id == user_id {
            return Err(AppError::field(
                "supervisor_id",
                "cycle",
                "a user cannot be (indirectly) their own supervisor",
            ));
        }
        if !seen.insert(id.clone()) {
            break;
        }
        cursor = store::supervisor_of(c, &id)?;
    }
    Ok(())
}

fn normalize_opt(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub fn create_user(c: &mut DbConn, actor_id: &str, input: NewUser) -> AppResult<UserView> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ManageOrg)?;
    let email = super::auth::normalize_email(&input.email);
    if store::find_user_by_email(c, &email)?.is_some() {
        return Err(AppError::field("email", "taken", "a user with this email exists"));
    }
    if let Some(d) = &input.department_id {
        check_department(c, "department_id", d)?;
    }
    if let Some(s) = &input.supervisor_id {
        check_supervisor(c, None, s)?;
    }
    let id = new_id();
    let at = now();
    let name = input.name.trim().to_owned();
    let mobile = normalize_opt(input.mobile);
    let title = normalize_opt(input.title);
    store::insert_user(
        c,
        &NewUserRow {
            id: &id,
            email: &email,
            name: &name,
            search_key: &search_key(&[Some(&name), Some(&email), mobile.as_deref()]),
            mobile: mobile.as_deref(),
            department_id: input.department_id.as_deref(),
            title: title.as_deref(),
            supervisor_id: input.supervisor_id.as_deref(),
            role: input.role.as_str(),
            is_active: true,
            password_hash: &input.password_hash,
            locale: Locale::ZhCn,
            time_zone: "Asia/Shanghai",
            created_at: at,
            updated_at: at,
            version: 1,
        },
    )?;
    let detail = json!({"email": email, "role": input.role.as_str(), "department_id": input.department_id});
    audit::record(c, Some(&actor.id), AuditKind::UserCreated, Some(("user", &id)), detail)?;
    let row = store::find_user(c, &id)?.ok_or_else(|| AppError::internal("inserted user vanished"))?;
    user_view(c, row)
}

/// Changes to a user. `None` leaves a field alone; `Some(None)` clears a nullable one.
#[derive(Debug, Default)]
pub struct UserPatch {
    pub email: Option<String>,
    pub name: Option<String>,
    pub mobile: Option<Option<String>>,
    pub department_id: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub supervisor_id: Option<Option<String>>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub password_hash: Option<String>,
    pub locale: Option<Locale>,
    pub time_zone: Option<String>,
}

fn apply_user_patch(c: &mut DbConn, current: &UserRow, expected: i64, patch: UserPatch) -> AppResult<UserView> {
    let mut changes = UserChanges::default();
    if let Some(email) = patch.email {
        let email = super::auth::normalize_email(&email);
        if email != current.email {
            if store::find_user_by_email(c, &email)?.is_some() {
                return Err(AppError::field("email", "taken", "a user with this email exists"));
            }
            changes.email = Some(email);
        }
    }
    if let Some(name) = patch.name {
        changes.name = Some(name.trim().to_owned());
    }
    if let Some(mobile) = patch.mobile {
        changes.mobile = Some(normalize_opt(mobile));
    }
    if let Some(title) = patch.title {
        changes.title = Some(normalize_opt(title));
    }
    if let Some(dept) = patch.department_id {
        if let Some(d) = &dept {
            check_department(c, "department_id", d)?;
        }
        changes.department_id = Some(dept);
    }
    if let Some(sup) = patch.supervisor_id {
        if let Some(s) = &sup {
            check_supervisor(c, Some(&current.id), s)?;
        }
        changes.supervisor_id = Some(sup);
    }
    let losing_admin = current.role == Role::Admin
        && current.is_active
        && (patch.role.is_some_and(|r| r != Role::Admin) || patch.is_active == Some(false));
    if losing_admin && store::count_users_by_role(c, Role::Admin.as_str())? <= 1 {
        return Err(AppError::conflict("the last active administrator cannot be demoted or deactivated"));
    }
    changes.role = patch.role.map(|r| r.as_str().to_owned());
    changes.is_active = patch.is_active;
    changes.password_hash = patch.password_hash;
    changes.locale = patch.locale;
    changes.time_zone = patch.time_zone;
    if changes.name.is_some() || changes.email.is_some() || changes.mobile.is_some() {
        let name = changes.name.as_deref().unwrap_or(&current.name);
        let email = changes.email.as_deref().unwrap_or(&current.email);
        let mobile = changes.mobile.clone().unwrap_or_else(|| current.mobile.clone());
        changes.search_key = Some(search_key(&[Some(name), Some(email), mobile.as_deref()]));
    }
    let at = now();
    if !store::update_user(c, &current.id, expected, &changes, at)? {
        return Err(AppError::version_mismatch());
    }
    if patch.is_active == Some(false) || changes.password_hash.is_some() {
        crate::db::tokens::revoke_user_refresh_tokens(c, &current.id, None, at)?;
    }
    let row = store::find_user(c, &current.id)?.ok_or_else(|| AppError::not_found("user"))?;
    user_view(c, row)
}

pub fn update_user(c: &mut DbConn, actor_id: &str, id: &str, expected: i64, patch: UserPatch) -> AppResult<UserView> {
    let actor = Actor::load(c, actor_id)?;
    let current = store::find_user(c, id)?.ok_or_else(|| AppError::not_found("user"))?;
    ensure(&actor, Action::ManageOrg)?;
    // Changes to what the user may do are audited: role, active flag, department, password.
    let mut touched = serde_json::Map::new();
    if let Some(r) = patch.role.filter(|r| *r != current.role) {
        touched.insert("role".into(), json!({"from": current.role, "to": r.as_str()}));
    }
    if let Some(a) = patch.is_active.filter(|a| *a != current.is_active) {
        touched.insert("is_active".into(), json!(a));
    }
    if let Some(d) = patch.department_id.as_ref().filter(|d| **d != current.department_id) {
        touched.insert("department_id".into(), json!({"from": current.department_id, "to": d}));
    }
    if patch.password_hash.is_some() {
        touched.insert("password_reset".into(), json!(true));
    }
    let view = apply_user_patch(c, &current, expected, patch)?;
    if !touched.is_empty() {
        audit::record(
            c,
            Some(&actor.id),
            AuditKind::UserPermissionsChanged,
            Some(("user", id)),
            Value::Object(touched),
        )?;
    }
    Ok(view)
}

/// Self-service profile changes: only name, mobile, locale and time zone.
pub fn update_me(c: &mut DbConn, actor_id: &str, expected: i64, patch: UserPatch) -> AppResult<UserView> {
    Actor::load(c, actor_id)?;
    let current = store::find_user(c, actor_id)?.ok_or_else(|| AppError::not_found("user"))?;
    let allowed = UserPatch {
        name: patch.name,
        mobile: patch.mobile,
        locale: patch.locale,
        time_zone: patch.time_zone,
        ..Default::default()
    };
    apply_user_patch(c, &current, expected, allowed)
}

// ---------------------------------------------------------------- departments

#[derive(Debug, Default)]
pub struct DepartmentQuery {
    pub q: Option<String>,
    pub parent_id: Option<String>,
    pub is_active: Option<bool>,
    pub after: Option<(String, String)>,
    pub limit: i64,
}

pub fn list_departments(c: &mut DbConn, actor_id: &str, query: &DepartmentQuery) -> AppResult<Page<DepartmentView>> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ViewDirectory)?;
    let filter = DepartmentFilter {
        like: query.q.as_deref().filter(|q| !q.trim().is_empty()).map(like_pattern),
        parent_id: query.parent_id.clone(),
        is_active: query.is_active,
    };
    let after = query.after.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    let mut rows = store::list_departments(c, &filter, after, query.limit + 1)?;
    let next = super::paging::cut_page(&mut rows, query.limit, |d| (d.name.clone(), d.id.clone()));
    let total = store::count_departments(c, &filter)?;
    Ok(Page { items: department_views(c, rows)?, next, total })
}

pub fn get_department(c: &mut DbConn, actor_id: &str, id: &str) -> AppResult<DepartmentView> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ViewDirectory)?;
    let row = store::find_department(c, id)?.ok_or_else(|| AppError::not_found("department"))?;
    department_view(c, row)
}

fn check_heads(c: &mut DbConn, head_ids: &[String]) -> AppResult<Vec<String>> {
    let mut unique: Vec<String> = Vec::new();
    for id in head_ids {
        if !unique.contains(id) {
            unique.push(id.clone());
        }
    }
    if usize::try_from(store::count_existing_users(c, &unique)?).unwrap_or(0) != unique.len() {
        return Err(AppError::field("head_ids", "not_found", "some heads are not users"));
    }
    Ok(unique)
}

fn check_parent(c: &mut DbConn, id: Option<&str>, parent_id: &str) -> AppResult<()> {
    check_department(c, "parent_id", parent_id)?;
    let Some(id) = id else { return Ok(()) };
    let mut seen = HashSet::new();
    let mut cursor = Some(parent_id.to_owned());
    while let Some(p) = cursor {
        if p == id {
            return Err(AppError::field("parent_id", "cycle", "a department cannot be inside itself"));
        }
        if !seen.insert(p.clone()) {
            break;
        }
        cursor = store::parent_of(c, &p)?;
    }
    Ok(())
}

fn check_department_name(c: &mut DbConn, name: &str, except: Option<&str>) -> AppResult<()> {
    match store::find_department_by_name(c, name)? {
        Some(d) if Some(d.id.as_str()) != except => {
            Err(AppError::field("name", "taken", "a department with this name exists"))
        }
        _ => Ok(()),
    }
}

pub fn create_department(
    c: &mut DbConn,
    actor_id: &str,
    name: &str,
    parent_id: Option<String>,
    head_ids: &[String],
) -> AppResult<DepartmentView> {
    let actor = Actor::load(c, actor_id)?;
    ensure(&actor, Action::ManageOrg)?;
    let name = name.trim();
    check_department_name(c, name, None)?;
    if let Some(p) = &parent_id {
        check_parent(c, None, p)?;
    }
    let heads = check_heads(c, head_ids)?;
    let id = new_id();
    let at = now();
    store::insert_department(
        c,
        &NewDepartmentRow {
            id: &id,
            name,
            search_key: &search_key(&[Some(name)]),
            parent_id: parent_id.as_deref(),
            is_active: true,
            created_at: at,
            updated_at: at,
            version: 1,
        },
    )?;
    store::set_heads(c, &id, &heads)?;
    let row = store::find_department(c, &id)?.ok_or_else(|| AppError::internal("inserted department vanished"))?;
    department_view(c, row)
}

#[derive(Debug, Default)]
pub struct DepartmentPatch {
    pub name: Option<String>,
    pub parent_id: Option<Option<String>>,
    pub head_ids: Option<Vec<String>>,
    pub is_active: Option<bool>,
}

pub fn update_department(
    c: &mut DbConn,
    actor_id: &str,
    id: &str,
    expected: i64,
    patch: DepartmentPatch,
) -> AppResult<DepartmentView> {
    let actor = Actor::load(c, actor_id)?;
    store::find_department(c, id)?.ok_or_else(|| AppError::not_found("department"))?;
    ensure(&actor, Action::ManageOrg)?;
    let mut changes = DepartmentChanges::default();
    if let Some(name) = patch.name {
        let name = name.trim().to_owned();
        check_department_name(c, &name, Some(id))?;
        changes.search_key = Some(search_key(&[Some(&name)]));
        changes.name = Some(name);
    }
    if let Some(parent) = patch.parent_id {
        if let Some(p) = &parent {
            check_parent(c, Some(id), p)?;
        }
        changes.parent_id = Some(parent);
    }
    changes.is_active = patch.is_active;
    let at = now();
    let has_column_change = changes.name.is_some() || changes.parent_id.is_some() || changes.is_active.is_some();
    let updated = if has_column_change {
        store::update_department(c, id, expected, &changes, at)?
    } else {
        store::touch_department(c, id, expected, at)?
    };
    if !updated {
        return Err(AppError::version_mismatch());
    }
    if let Some(heads) = patch.head_ids {
        let heads = check_heads(c, &heads)?;
        store::set_heads(c, id, &heads)?;
        let detail = json!({"head_ids": heads});
        audit::record(c, Some(&actor.id), AuditKind::DepartmentHeadsChanged, Some(("department", id)), detail)?;
    }
    let row = store::find_department(c, id)?.ok_or_else(|| AppError::not_found("department"))?;
    department_view(c, row)
}

/// Inserts an administrator with no actor: how the first one comes to exist (command line, demo
/// data). `password_hash` is already hashed; the email must be free.
pub fn insert_first_admin(c: &mut DbConn, email: &str, name: &str, password_hash: &str) -> AppResult<String> {
    let email = super::auth::normalize_email(email);
    if store::find_user_by_email(c, &email)?.is_some() {
        return Err(AppError::field("email", "taken", "a user with this email exists"));
    }
    let name = name.trim();
    let id = new_id();
    let at = now();
    store::insert_user(
        c,
        &NewUserRow {
            id: &id,
            email: &email,
            name,
            search_key: &search_key(&[Some(name), Some(&email)]),
            mobile: None,
            department_id: None,
            title: None,
            supervisor_id: None,
            role: Role::Admin.as_str(),
            is_active: true,
            password_hash,
            locale: Locale::ZhCn,
            time_zone: "Asia/Shanghai",
            created_at: at,
            updated_at: at,
            version: 1,
        },
    )?;
    Ok(id)
}

/// Creates an administrator from the command line (`tandem create-admin`).
pub fn bootstrap_admin(db: &crate::db::Db, email: &str, password: &str, name: &str) -> AppResult<String> {
    if password.chars().count() < 8 {
        return Err(AppError::field("password", "length", "the password needs at least 8 characters"));
    }
    if !validator::ValidateEmail::validate_email(&super::auth::normalize_email(email)) {
        return Err(AppError::field("email", "email", "not an email address"));
    }
    let hash = super::auth::hash_password(password)?;
    db.write_blocking(|c| insert_first_admin(c, email, name, &hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_admin_makes_an_admin_who_can_sign_in_once_per_email() {
        let (db, _dir) = crate::db::testing::sqlite_db();
        let id = bootstrap_admin(&db, " Root@Example.CN ", "long-enough-1", "管理员").expect("created");
        let row = db.read_blocking(|c| store::find_user(c, &id)).expect("read").expect("exists");
        assert_eq!((row.email.as_str(), row.role.as_str()), ("root@example.cn", "admin"));
        assert!(super::super::auth::verify_password(&row.password_hash, "long-enough-1"));
        let again = bootstrap_admin(&db, "root@example.cn", "long-enough-1", "x").expect_err("taken");
        assert_eq!(again.fields.and_then(|f| f.get("email").cloned()), Some(vec!["taken".to_owned()]));
        assert!(bootstrap_admin(&db, "not-an-email", "long-enough-1", "x").is_err());
        assert!(bootstrap_admin(&db, "a@b.cn", "short", "x").is_err());
    }
}
