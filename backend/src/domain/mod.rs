//! Rules and use cases, free of HTTP. Use cases take a connection inside the caller's
//! transaction (opened by `db::Db`) and return domain values.

pub mod agenda;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod cases;
pub mod channels;
pub mod collections;
pub mod comments;
pub mod delivery;
pub mod dependencies;
pub mod exports;
pub mod file_texts;
pub mod files;
pub mod help;
pub mod journal;
pub mod live;
pub mod login_locks;
pub mod markdown;
pub mod meetings;
pub mod notifications;
pub mod orgs;
pub mod paging;
pub mod participants;
pub mod permissions;
pub mod reminders;
pub mod reports;
pub mod schedule;
pub mod search;
pub mod tasks;
pub mod templates;
pub mod texts;
pub mod weekly;
pub mod work_calendar;
pub mod workdays;

use crate::db::{orgs as store, DbConn};
use crate::error::{AppError, AppResult};

pub use crate::values::Role;

/// Who is acting, as loaded from the database at the start of a use case.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub role: Role,
    pub department_id: Option<String>,
}

impl Actor {
    /// Loads the signed-in user; a deactivated or deleted account is no longer signed in.
    pub fn load(c: &mut DbConn, user_id: &str) -> AppResult<Self> {
        let row = store::find_user(c, user_id)?
            .filter(|u| u.is_active)
            .ok_or_else(|| AppError::unauthenticated("the account is not active"))?;
        Ok(Self { id: row.id, role: row.role, department_id: row.department_id })
    }
}
