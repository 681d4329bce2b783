//! The one place that decides who may do what. Pure functions, table-driven tests.

use super::{Actor, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the company directory (users, departments) for pickers and @mentions.
    ViewDirectory,
    /// Create, change and deactivate users and departments.
    ManageOrg,
}

pub fn can(actor: &Actor, action: Action) -> bool {
    match action {
        Action::ViewDirectory => true,
        Action::ManageOrg => actor.role == Role::Admin,
    }
}

/// The reason given with a 403 when `can` says no.
pub fn denial_reason(action: Action) -> &'static str {
    match action {
        Action::ViewDirectory => "you cannot see the directory",
        Action::ManageOrg => "only administrators manage users and departments",
    }
}

/// `Ok` when allowed, else a 403 with the reason.
pub fn ensure(actor: &Actor, action: Action) -> crate::error::AppResult<()> {
    if can(actor, action) {
        Ok(())
    } else {
        Err(crate::error::AppError::forbidden(denial_reason(action)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { id: "u".into(), role, department_id: None }
    }

    #[test]
    fn permission_matrix() {
        let cases = [
            (Role::Admin, Action::ManageOrg, true),
            (Role::DeptHead, Action::ManageOrg, false),
            (Role::Member, Action::ManageOrg, false),
            (Role::Admin, Action::ViewDirectory, true),
            (Role::DeptHead, Action::ViewDirectory, true),
            (Role::Member, Action::ViewDirectory, true),
        ];
        for (role, action, expected) in cases {
            assert_eq!(can(&actor(role), action), expected, "{role:?} {action:?}");
        }
    }
}
