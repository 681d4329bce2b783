//! The one place that decides who may do what. Pure functions, table-driven tests.

use super::{Actor, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the company directory (users, departments) for pickers and @mentions.
    ViewDirectory,
    /// Create, change and deactivate users and departments.
    ManageOrg,
    /// Read the audit log.
    ReadAudit,
    /// See the background job queue and retry dead jobs.
    ManageJobs,
}

pub fn can(actor: &Actor, action: Action) -> bool {
    match action {
        Action::ViewDirectory => true,
        Action::ManageOrg | Action::ReadAudit | Action::ManageJobs => actor.role == Role::Admin,
    }
}

/// The reason given with a 403 when `can` says no.
pub fn denial_reason(action: Action) -> &'static str {
    match action {
        Action::ViewDirectory => "you cannot see the directory",
        Action::ManageOrg => "only administrators manage users and departments",
        Action::ReadAudit => "only administrators read the audit log",
        Action::ManageJobs => "only administrators see the job queue",
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

/// How the actor relates to one task: the facts the task rules need.
#[derive(Debug, Clone, Copy, Default)]
pub struct TaskRelation {
    pub is_owner: bool,
    /// A subtask is assigned by whoever runs the task above; its owner does not delete it.
    pub is_subtask: bool,
    pub is_creator: bool,
    pub is_collaborator: bool,
    /// Listed among the task's participants (pulled in on publish, or named on it).
    pub is_participant: bool,
    /// Heads the initiating or a collaborating department.
    pub heads_involved_department: bool,
    /// Owns a task above this one (the owner of a task edits all of it).
    pub owns_ancestor: bool,
    pub is_draft: bool,
    pub is_public: bool,
    /// Archived: read-only.
    pub is_archived: bool,
    /// Named on the task: owner, collaborator, creator or owner of the task above.
    pub is_named: bool,
    /// Confidential (保密): only the people named on it and administrators see it.
    pub is_confidential: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskAction {
    View,
    /// Change fields, publish, change status.
    Edit,
    /// Post progress (status, percent, note).
    UpdateProgress,
    /// Create subtasks.
    Split,
    Delete,
}

pub fn can_task(actor: &Actor, rel: &TaskRelation, action: TaskAction) -> bool {
    let admin = actor.role == Role::Admin;
    let runs_it = rel.is_owner || rel.owns_ancestor;
    match action {
        // Seeing a task takes a place on it: its owner, or someone named among its participants
        // (creator, collaborator, the parent's owner, a head asked for help, ...), whom removing
        // from the task takes it away; or, once published, its departments and their heads.
        // Running a task further up grants nothing here by itself (the list reads the same).
        TaskAction::View if rel.is_confidential => admin || rel.is_owner || rel.is_collaborator || rel.is_named,
        TaskAction::View => {
            admin
                || rel.is_owner
                || rel.is_collaborator
                || rel.is_named
                || rel.is_participant
                || (!rel.is_draft && (rel.heads_involved_department || rel.is_public))
        }
        _ if rel.is_archived => admin,
        TaskAction::Edit => admin || runs_it || (rel.is_creator && rel.is_draft),
        TaskAction::Delete => {
            admin || rel.owns_ancestor || (rel.is_owner && !rel.is_subtask) || (rel.is_creator && rel.is_draft)
        }
        TaskAction::UpdateProgress => admin || runs_it,
        TaskAction::Split => admin || runs_it || (rel.heads_involved_department && !rel.is_draft),
    }
}

/// `Ok` when allowed; 404 when the task must stay invisible; 403 with the reason otherwise.
pub fn ensure_task(actor: &Actor, rel: &TaskRelation, action: TaskAction) -> crate::error::AppResult<()> {
    if !can_task(actor, rel, TaskAction::View) {
        return Err(crate::error::AppError::not_found("task"));
    }
    if can_task(actor, rel, action) {
        return Ok(());
    }
    let reason = match action {
        TaskAction::View => "you cannot see this task",
        _ if rel.is_archived => "the task is archived and read-only",
        TaskAction::Edit => "only the task's owner (or an administrator) changes it",
        TaskAction::UpdateProgress => "only the task's owner posts its progress",
        TaskAction::Split => "only the owner or a head of a collaborating department splits the task",
        TaskAction::Delete => "only the task's owner (for a subtask: the owner of the task above) deletes it",
    };
    Err(crate::error::AppError::forbidden(reason))
}

// ---------------------------------------------------------------- files of a task

/// Who may read and change a file of a task. The versioned-files feature stores one per file;
/// the rules are decided here with the task's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRule {
    /// 仅协作成员可见: the people who take part in the task (named on it, members and heads of
    /// its departments) read and upload; a company-public task's other readers do not.
    Collaborators,
    /// 仅负责人可编辑: whoever sees the task reads; only those who run it upload.
    OwnersEdit,
    /// 企业内公开: everyone in the company reads (unless the task is confidential: then whoever
    /// sees the task); only those who run it upload.
    CompanyPublic,
    /// 指定范围, e.g. a budget sheet for the heads of 财务部 and 市场部 only: the heads of these
    /// departments and these people read; only those who run the task upload.
    Restricted { department_heads_of: Vec<String>, people: Vec<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    Read,
    /// Upload a version, restore, rename, delete.
    Write,
}

/// Whether `actor` may act on a file under `rule`; `task` is their relation to the file's task
/// and `headed` the departments they head. Administrators and whoever runs the task always may
/// (on an archived task: only read, except administrators).
/// A file nobody may read answers 404, like the task.
pub fn can_file(actor: &Actor, task: &TaskRelation, headed: &[String], rule: &FileRule, action: FileAction) -> bool {
    if actor.role == Role::Admin {
        return true;
    }
    // Files of an archived task stay readable, and only administrators change them.
    if task.is_archived && action == FileAction::Write {
        return false;
    }
    if task.is_owner || task.owns_ancestor {
        return true;
    }
    let sees_task = can_task(actor, task, TaskAction::View);
    let takes_part =
        sees_task && (task.is_named || task.is_collaborator || task.is_participant || task.heads_involved_department);
    match (rule, action) {
        (FileRule::Collaborators, _) => takes_part,
        (FileRule::OwnersEdit, FileAction::Read) => sees_task,
        (FileRule::CompanyPublic, FileAction::Read) => sees_task || !task.is_confidential,
        (FileRule::Restricted { department_heads_of, people }, FileAction::Read) => {
            let named = people.contains(&actor.id) || department_heads_of.iter().any(|d| headed.contains(d));
            // A confidential task's files never reach beyond the people who see the task.
            named && (sees_task || !task.is_confidential)
        }
        (_, FileAction::Write) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_permission_matrix() {
        let member = actor(Role::Member);
        let admin = actor(Role::Admin);
        let published = TaskRelation::default();
        let draft = TaskRelation { is_draft: true, ..Default::default() };
        let owner = TaskRelation { is_owner: true, ..Default::default() };
        let head = TaskRelation { heads_involved_department: true, ..Default::default() };
        let head_draft = TaskRelation { heads_involved_department: true, is_draft: true, ..Default::default() };
        let participant = TaskRelation { is_participant: true, ..Default::default() };
        let creator_draft = TaskRelation { is_creator: true, is_draft: true, ..Default::default() };
        let creator_published = TaskRelation { is_creator: true, ..Default::default() };
        let public = TaskRelation { is_public: true, ..Default::default() };
        let archived_owner = TaskRelation { is_owner: true, is_archived: true, ..Default::default() };
        let parent_owner = TaskRelation { owns_ancestor: true, ..Default::default() };
        use TaskAction::*;
        let cases: &[(&Actor, TaskRelation, TaskAction, bool)] = &[
            (&member, published, View, false),
            (&member, draft, View, false),
            (&admin, published, Edit, true),
            (&member, owner, Edit, true),
            (&member, owner, Delete, true),
            (&member, TaskRelation { is_owner: true, is_subtask: true, ..Default::default() }, Delete, false),
            (&member, TaskRelation { is_owner: true, is_subtask: true, ..Default::default() }, UpdateProgress, true),
            (&member, parent_owner, UpdateProgress, true),
            (&member, participant, View, true),
            (&member, participant, Edit, false),
            (&member, participant, UpdateProgress, false),
            (&member, head, View, true),
            (&member, head, Split, true),
            (&member, head, Edit, false),
            (&member, head_draft, View, false),
            (&member, creator_draft, Edit, true),
            (&member, creator_published, Edit, false),
            // The creator sees the task as one of its named participants; removed, no more.
            (&member, TaskRelation { is_named: true, ..creator_published }, View, true),
            (&member, creator_published, View, false),
            // Running a task further up: the parent's owner is named on the subtask; anyone
            // further up (or a parent owner removed) sees it only with a place of their own.
            (&member, TaskRelation { is_named: true, ..parent_owner }, View, true),
            (&member, parent_owner, View, false),
            (&member, public, View, true),
            (&member, public, UpdateProgress, false),
            (&member, archived_owner, View, true),
            (&member, archived_owner, Edit, false),
            (&admin, archived_owner, Edit, true),
            (
                &member,
                TaskRelation { is_confidential: true, heads_involved_department: true, ..Default::default() },
                View,
                false,
            ),
            (&member, TaskRelation { is_confidential: true, is_participant: true, ..Default::default() }, View, false),
            (&member, TaskRelation { is_confidential: true, is_public: true, ..Default::default() }, View, false),
            (&member, TaskRelation { is_confidential: true, is_named: true, ..Default::default() }, View, true),
            (&member, TaskRelation { is_confidential: true, is_collaborator: true, ..Default::default() }, View, true),
            (&member, TaskRelation { is_confidential: true, owns_ancestor: true, ..Default::default() }, View, false),
            (
                &member,
                TaskRelation { is_confidential: true, owns_ancestor: true, is_named: true, ..Default::default() },
                View,
                true,
            ),
            (&admin, TaskRelation { is_confidential: true, ..Default::default() }, View, true),
        ];
        for (i, (who, rel, action, expected)) in cases.iter().enumerate() {
            assert_eq!(can_task(who, rel, *action), *expected, "case {i}: {rel:?} {action:?}");
        }
    }

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

    #[test]
    fn file_rules() {
        use FileAction::{Read, Write};
        let member = actor(Role::Member);
        let admin = actor(Role::Admin);
        let owner = TaskRelation { is_owner: true, ..Default::default() };
        let participant = TaskRelation { is_participant: true, ..Default::default() };
        let collaborator = TaskRelation { is_collaborator: true, ..Default::default() };
        let public_reader = TaskRelation { is_public: true, ..Default::default() };
        let stranger = TaskRelation::default();
        let confidential_stranger = TaskRelation { is_confidential: true, ..Default::default() };
        let budget = FileRule::Restricted {
            department_heads_of: vec!["finance".into(), "market".into()],
            people: vec!["cfo".into()],
        };
        let finance_head = ["finance".to_owned()];
        let none: [String; 0] = [];
        type Case<'a> = (&'a Actor, TaskRelation, &'a [String], &'a FileRule, FileAction, bool);
        let cases: &[Case<'_>] = &[
            (&member, owner, &none, &FileRule::Collaborators, Write, true),
            (&admin, stranger, &none, &budget, Write, true),
            (&member, participant, &none, &FileRule::Collaborators, Read, true),
            (&member, collaborator, &none, &FileRule::Collaborators, Write, true),
            (&member, public_reader, &none, &FileRule::Collaborators, Read, false),
            (&member, public_reader, &none, &FileRule::OwnersEdit, Read, true),
            (&member, collaborator, &none, &FileRule::OwnersEdit, Write, false),
            (&member, stranger, &none, &FileRule::OwnersEdit, Read, false),
            (&member, stranger, &none, &FileRule::CompanyPublic, Read, true),
            (&member, confidential_stranger, &none, &FileRule::CompanyPublic, Read, false),
            (&member, stranger, &none, &FileRule::CompanyPublic, Write, false),
            (&member, participant, &none, &budget, Read, false),
            (&member, stranger, &finance_head, &budget, Read, true),
            (&member, confidential_stranger, &finance_head, &budget, Read, false),
            (
                &member,
                TaskRelation { is_confidential: true, is_named: true, ..Default::default() },
                &finance_head,
                &budget,
                Read,
                true,
            ),
            (&member, participant, &finance_head, &budget, Write, false),
            (
                &member,
                TaskRelation { is_owner: true, is_archived: true, ..Default::default() },
                &none,
                &budget,
                Read,
                true,
            ),
            (
                &member,
                TaskRelation { is_owner: true, is_archived: true, ..Default::default() },
                &none,
                &budget,
                Write,
                false,
            ),
            (&admin, TaskRelation { is_archived: true, ..Default::default() }, &none, &budget, Write, true),
            (
                &member,
                TaskRelation { is_collaborator: true, is_archived: true, ..Default::default() },
                &none,
                &FileRule::Collaborators,
                Write,
                false,
            ),
        ];
        for (i, (who, rel, headed, rule, action, expected)) in cases.iter().enumerate() {
            assert_eq!(can_file(who, rel, headed, rule, *action), *expected, "case {i}: {rel:?} {rule:?} {action:?}");
        }
        let cfo = Actor { id: "cfo".into(), role: Role::Member, department_id: None };
        assert!(can_file(&cfo, &stranger, &none, &budget, Read), "a named person reads the budget sheet");
    }
}
