//! The authorization matrix: every route of openapi.yaml, called by every kind of caller, on a
//! task they may see and on a confidential one, with the status each must get. A route missing
//! from the matrix fails `every_route_is_in_the_matrix`. Every `GET` is tried as a `HEAD` too: the
//! same status and `Content-Length`, and no body.

use std::collections::BTreeSet;

use api_tests::{both_backends, Client, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use tandem::domain::Role;

both_backends!(every_caller_gets_the_status_the_matrix_says,);

/// Who calls: nobody signed in, a member of an unrelated department (销售部), a member of a
/// collaborating department (研发部), the head of that department (李雷), the owner (王芳, head
/// of 市场部) and an administrator.
const CALLERS: [&str; 6] = ["anonymous", "outsider", "member", "head", "owner", "admin"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Not about one task.
    None,
    /// A published task of 市场部 and 研发部, owned by 王芳.
    Visible,
    /// The same, confidential.
    Confidential,
}

use Target::{Confidential, None as Plain, Visible};

const OWNER: usize = 4;
const ADMIN: usize = 5;

/// (route as in openapi.yaml, target, expected status for each caller in CALLERS order).
const MATRIX: &[(&str, Target, [u16; 6])] = &[
    ("GET /healthz", Plain, [200, 200, 200, 200, 200, 200]),
    ("GET /readyz", Plain, [200, 200, 200, 200, 200, 200]),
    // Sign-in with a wrong password; refresh and logout with a token that was never issued.
    ("POST /api/v1/auth/login", Plain, [401, 401, 401, 401, 401, 401]),
    ("POST /api/v1/auth/refresh", Plain, [401, 401, 401, 401, 401, 401]),
    ("GET /api/v1/login-locks", Plain, [401, 403, 403, 403, 403, 200]),
    ("DELETE /api/v1/login-locks/{lock_id}", Plain, [401, 403, 403, 403, 403, 204]),
    ("POST /api/v1/auth/logout", Plain, [204, 204, 204, 204, 204, 204]),
    ("GET /api/v1/me", Plain, [401, 200, 200, 200, 200, 200]),
    ("PATCH /api/v1/me", Plain, [401, 200, 200, 200, 200, 200]),
    // A wrong current password.
    ("POST /api/v1/me/password", Plain, [401, 422, 422, 422, 422, 422]),
    ("GET /api/v1/me/tokens", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/me/tokens", Plain, [401, 201, 201, 201, 201, 201]),
    // The owner's token: only the owner may revoke it.
    ("DELETE /api/v1/me/tokens/{token_id}", Plain, [401, 404, 404, 404, 204, 404]),
    ("GET /api/v1/me/tasks", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/users", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/users", Plain, [401, 403, 403, 403, 403, 201]),
    ("GET /api/v1/users/{user_id}", Plain, [401, 200, 200, 200, 200, 200]),
    ("PATCH /api/v1/users/{user_id}", Plain, [401, 403, 403, 403, 403, 200]),
    ("GET /api/v1/departments", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/departments", Plain, [401, 403, 403, 403, 403, 201]),
    ("GET /api/v1/departments/{department_id}", Plain, [401, 200, 200, 200, 200, 200]),
    ("PATCH /api/v1/departments/{department_id}", Plain, [401, 403, 403, 403, 403, 200]),
    ("GET /api/v1/tasks", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/tasks", Plain, [401, 201, 201, 201, 201, 201]),
    ("GET /api/v1/templates", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("PATCH /api/v1/tasks/{task_id}", Visible, [401, 404, 403, 403, 200, 200]),
    ("PATCH /api/v1/tasks/{task_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("DELETE /api/v1/tasks/{task_id}", Visible, [401, 404, 403, 403, 204, 204]),
    ("DELETE /api/v1/tasks/{task_id}", Confidential, [401, 404, 404, 404, 204, 204]),
    // On a draft: drafts are seen by the people named on them only.
    ("POST /api/v1/tasks/{task_id}/publish", Visible, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/publish", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/subtasks", Visible, [401, 404, 403, 403, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/subtasks", Confidential, [401, 404, 404, 404, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/progress", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/progress", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/history", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/history", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/dependencies", Visible, [401, 404, 403, 403, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/dependencies", Confidential, [401, 404, 404, 404, 201, 201]),
    ("DELETE /api/v1/tasks/{task_id}/dependencies/{dependency_id}", Visible, [401, 404, 403, 403, 204, 204]),
    ("DELETE /api/v1/tasks/{task_id}/dependencies/{dependency_id}", Confidential, [401, 404, 404, 404, 204, 204]),
    ("GET /api/v1/tasks/{task_id}/participants", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/participants", Confidential, [401, 404, 404, 404, 200, 200]),
    // Removing a collaborator (赵敏 of 销售部, none of the callers).
    ("DELETE /api/v1/tasks/{task_id}/participants/{user_id}", Visible, [401, 404, 403, 403, 204, 204]),
    // 研发部 owes its answer: its head (or an administrator) gives it.
    ("GET /api/v1/tasks/{task_id}/department-responses", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/department-responses", Confidential, [401, 404, 404, 404, 200, 200]),
    (
        "POST /api/v1/tasks/{task_id}/department-responses/{department_id}/accept",
        Visible,
        [401, 404, 403, 200, 403, 200],
    ),
    (
        "POST /api/v1/tasks/{task_id}/department-responses/{department_id}/accept",
        Confidential,
        [401, 404, 404, 404, 403, 200],
    ),
    (
        "POST /api/v1/tasks/{task_id}/department-responses/{department_id}/decline",
        Visible,
        [401, 404, 403, 200, 403, 200],
    ),
    (
        "POST /api/v1/tasks/{task_id}/department-responses/{department_id}/decline",
        Confidential,
        [401, 404, 404, 404, 403, 200],
    ),
    ("DELETE /api/v1/tasks/{task_id}/participants/{user_id}", Confidential, [401, 404, 404, 404, 204, 204]),
    ("GET /api/v1/tasks/{task_id}/graph", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/graph", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/notifications/read-all", Plain, [401, 204, 204, 204, 204, 204]),
    ("GET /api/v1/notifications", Plain, [401, 200, 200, 200, 200, 200]),
    // The owner's notification: nobody else may touch it, administrators included.
    ("POST /api/v1/notifications/{notification_id}/read", Plain, [401, 404, 404, 404, 204, 404]),
    ("POST /api/v1/notifications/{notification_id}/ack", Plain, [401, 404, 404, 404, 204, 404]),
    ("GET /api/v1/audit-events", Plain, [401, 403, 403, 403, 403, 200]),
    ("GET /api/v1/tasks/{task_id}/comments", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/comments", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/comments", Visible, [401, 404, 201, 201, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/comments", Confidential, [401, 404, 404, 404, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/attachments", Visible, [401, 404, 201, 201, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/attachments", Confidential, [401, 404, 404, 404, 201, 201]),
    // A comment of the owner's: only its author edits it; the author or an administrator deletes it.
    ("PATCH /api/v1/comments/{comment_id}", Visible, [401, 404, 403, 403, 200, 403]),
    ("PATCH /api/v1/comments/{comment_id}", Confidential, [401, 404, 404, 404, 200, 403]),
    ("DELETE /api/v1/comments/{comment_id}", Visible, [401, 404, 403, 403, 204, 204]),
    ("DELETE /api/v1/comments/{comment_id}", Confidential, [401, 404, 404, 404, 204, 204]),
    ("GET /api/v1/comments/{comment_id}/revisions", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/comments/{comment_id}/revisions", Confidential, [401, 404, 404, 404, 200, 200]),
    // Pins: the owner and heads of collaborating departments.
    ("PUT /api/v1/comments/{comment_id}/pin", Visible, [401, 404, 403, 200, 200, 200]),
    ("PUT /api/v1/comments/{comment_id}/pin", Confidential, [401, 404, 404, 404, 200, 200]),
    ("DELETE /api/v1/comments/{comment_id}/pin", Visible, [401, 404, 403, 200, 200, 200]),
    ("DELETE /api/v1/comments/{comment_id}/pin", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/attachments/{attachment_id}", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/attachments/{attachment_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/events", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/meetings", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/meetings", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/meeting-draft", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/meeting-draft", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/meetings", Visible, [401, 404, 201, 201, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/meetings", Confidential, [401, 404, 404, 404, 201, 201]),
    // A meeting the owner called: read by whoever sees the task, changed by its organizer.
    ("GET /api/v1/meetings/{meeting_id}", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/meetings/{meeting_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("PATCH /api/v1/meetings/{meeting_id}", Visible, [401, 404, 403, 403, 200, 200]),
    ("PATCH /api/v1/meetings/{meeting_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/meetings/{meeting_id}/cancel", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/meetings/{meeting_id}/cancel", Confidential, [401, 404, 404, 404, 200, 200]),
    ("PUT /api/v1/meetings/{meeting_id}/minutes", Visible, [401, 404, 403, 403, 200, 200]),
    ("PUT /api/v1/meetings/{meeting_id}/minutes", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/meetings/{meeting_id}/invite.ics", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/meetings/{meeting_id}/invite.ics", Confidential, [401, 404, 404, 404, 200, 200]),
    // The action item is the owner's: the head of 研发部 splits only for his own people.
    ("POST /api/v1/meetings/{meeting_id}/action-items/{item_id}/subtask", Visible, [401, 404, 403, 403, 201, 201]),
    ("POST /api/v1/meetings/{meeting_id}/action-items/{item_id}/subtask", Confidential, [401, 404, 404, 404, 201, 201]),
    ("GET /api/v1/me/meetings", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/deadlines", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/me/calendar-feed", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/me/calendar-feed", Plain, [401, 201, 201, 201, 201, 201]),
    ("DELETE /api/v1/me/calendar-feed", Plain, [401, 204, 204, 204, 204, 204]),
    // The owner's feed: the secret URL is the credential, whoever holds it.
    ("GET /api/v1/calendar/{file}", Plain, [200, 200, 200, 200, 200, 200]),
    // Files: on the visible task a file only its owners edit (readers of the task read it); on the
    // confidential one a file for the people who take part.
    // The Files page: every signed-in person gets the files they may read (maybe none).
    ("GET /api/v1/files", Plain, [401, 200, 200, 200, 200, 200]),
    // Search: every signed-in person gets what they may see (maybe nothing).
    ("GET /api/v1/search", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/files", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/files", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/files", Visible, [401, 404, 201, 201, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/files", Confidential, [401, 404, 404, 404, 201, 201]),
    ("GET /api/v1/files/{file_id}", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/files/{file_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("PATCH /api/v1/files/{file_id}", Visible, [401, 404, 403, 403, 200, 200]),
    ("PATCH /api/v1/files/{file_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("DELETE /api/v1/files/{file_id}", Visible, [401, 404, 403, 403, 204, 204]),
    ("DELETE /api/v1/files/{file_id}", Confidential, [401, 404, 404, 404, 204, 204]),
    // A file in the trash: only those who may change it see it.
    ("POST /api/v1/files/{file_id}/undelete", Visible, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/files/{file_id}/undelete", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/files/{file_id}/versions", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/files/{file_id}/versions", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/files/{file_id}/versions", Visible, [401, 404, 403, 403, 201, 201]),
    ("POST /api/v1/files/{file_id}/versions", Confidential, [401, 404, 404, 404, 201, 201]),
    ("POST /api/v1/files/{file_id}/versions/{number}/restore", Visible, [401, 404, 403, 403, 201, 201]),
    ("POST /api/v1/files/{file_id}/versions/{number}/restore", Confidential, [401, 404, 404, 404, 201, 201]),
    ("GET /api/v1/files/{file_id}/content", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/files/{file_id}/content", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/files/{file_id}/versions/{number}/content", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/files/{file_id}/versions/{number}/content", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/files/{file_id}/changes", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/files/{file_id}/changes", Confidential, [401, 404, 404, 404, 200, 200]),
    // Reports: department heads (their departments) and administrators.
    ("GET /api/v1/reports/efficiency", Plain, [401, 403, 403, 200, 200, 200]),
    // Exports: a task list for anyone; someone else's export is invisible (the owner's here).
    ("POST /api/v1/exports", Plain, [401, 202, 202, 202, 202, 202]),
    ("GET /api/v1/exports", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/exports/{export_id}", Plain, [401, 404, 404, 404, 200, 404]),
    ("GET /api/v1/exports/{export_id}/content", Plain, [401, 404, 404, 404, 200, 404]),
    ("GET /api/v1/robots", Plain, [401, 200, 200, 200, 200, 200]),
    // A robot for 市场部: its head (the owner) and administrators manage it.
    ("POST /api/v1/robots", Plain, [401, 403, 403, 403, 201, 201]),
    ("PATCH /api/v1/robots/{robot_id}", Plain, [401, 404, 404, 404, 200, 200]),
    ("DELETE /api/v1/robots/{robot_id}", Plain, [401, 404, 404, 404, 204, 204]),
    // Nothing listens at the robot's URL: the send fails as 502 for those allowed to try.
    ("POST /api/v1/robots/{robot_id}/test", Plain, [401, 404, 404, 404, 502, 502]),
    ("GET /api/v1/webhooks", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/webhooks", Plain, [401, 201, 201, 201, 201, 201]),
    // The owner's webhook.
    ("DELETE /api/v1/webhooks/{webhook_id}", Plain, [401, 404, 404, 404, 204, 204]),
    ("GET /api/v1/webhooks/{webhook_id}/deliveries", Plain, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/me/notification-preferences", Plain, [401, 200, 200, 200, 200, 200]),
    ("PUT /api/v1/me/notification-preferences", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/jobs", Plain, [401, 403, 403, 403, 403, 200]),
    // A dead job.
    ("POST /api/v1/jobs/{job_id}/retry", Plain, [401, 403, 403, 403, 403, 200]),
    // Help asked of 研发部 (its head 李雷) on a task everyone named can see.
    ("POST /api/v1/help-requests", Visible, [401, 404, 201, 201, 201, 201]),
    ("POST /api/v1/help-requests", Confidential, [401, 404, 404, 404, 201, 201]),
    ("GET /api/v1/help-requests", Plain, [401, 200, 200, 200, 200, 200]),
    // The owner asked 李雷: he (or an administrator) answers; the owner cannot answer herself.
    ("POST /api/v1/help-requests/{help_request_id}/answer", Plain, [401, 404, 404, 200, 403, 200]),
    // 市场部's summaries: read by its people and heads and administrators, written by its heads.
    ("GET /api/v1/departments/{department_id}/weekly-summaries", Plain, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/departments/{department_id}/weekly-summaries/{week}", Plain, [401, 404, 404, 404, 200, 200]),
    ("PUT /api/v1/departments/{department_id}/weekly-summaries/{week}", Plain, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/work-calendar", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/work-calendar/years", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/work-calendar/years/{year}/schedule", Plain, [401, 200, 200, 200, 200, 200]),
    ("POST /api/v1/work-calendar/imports", Plain, [401, 403, 403, 403, 403, 200]),
    ("PUT /api/v1/work-calendar/{day}", Plain, [401, 403, 403, 403, 403, 200]),
    ("DELETE /api/v1/work-calendar/{day}", Plain, [401, 403, 403, 403, 403, 204]),
    // Resource requests: a resource-request task of the owner's; its flow's one step asks the
    // administrator. The form is filled by whoever may edit the task; the initiator (the owner)
    // submits, withdraws and nudges; only the approver waited on decides.
    ("GET /api/v1/tasks/{task_id}/request", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/request", Confidential, [401, 404, 404, 404, 200, 200]),
    ("PUT /api/v1/tasks/{task_id}/request", Visible, [401, 404, 403, 403, 200, 200]),
    ("PUT /api/v1/tasks/{task_id}/request", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/request/submissions", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/request/submissions", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/request/submit", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/request/submit", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/request/withdraw", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/request/withdraw", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/request/nudge", Visible, [401, 404, 403, 403, 200, 403]),
    ("POST /api/v1/tasks/{task_id}/request/nudge", Confidential, [401, 404, 404, 404, 200, 403]),
    ("POST /api/v1/tasks/{task_id}/request/approve", Visible, [401, 404, 403, 403, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/approve", Confidential, [401, 404, 404, 404, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/reject", Visible, [401, 404, 403, 403, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/reject", Confidential, [401, 404, 404, 404, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/return", Visible, [401, 404, 403, 403, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/return", Confidential, [401, 404, 404, 404, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/transfer", Visible, [401, 404, 403, 403, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/transfer", Confidential, [401, 404, 404, 404, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/add-approver", Visible, [401, 404, 403, 403, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/request/add-approver", Confidential, [401, 404, 404, 404, 403, 200]),
    ("GET /api/v1/tasks/{task_id}/collections", Visible, [401, 404, 200, 200, 200, 200]),
    // 李雷 answers for 研发部: he takes part in the confidential task from its first round.
    ("GET /api/v1/tasks/{task_id}/collections", Confidential, [401, 404, 404, 200, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/collections", Visible, [401, 404, 403, 403, 201, 201]),
    ("POST /api/v1/tasks/{task_id}/collections", Confidential, [401, 404, 404, 404, 201, 201]),
    ("GET /api/v1/collections/{collection_id}", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/collections/{collection_id}", Confidential, [401, 404, 404, 200, 200, 200]),
    ("PATCH /api/v1/collections/{collection_id}", Visible, [401, 404, 403, 403, 200, 200]),
    ("GET /api/v1/collection-rounds/{round_id}/submissions", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/collection-rounds/{round_id}/submissions", Confidential, [401, 404, 404, 200, 200, 200]),
    ("POST /api/v1/collection-rounds/{round_id}/close", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/collection-rounds/{round_id}/reopen", Visible, [401, 404, 403, 403, 200, 200]),
    ("GET /api/v1/collection-rounds/{round_id}/archive", Visible, [401, 404, 403, 403, 200, 200]),
    ("GET /api/v1/collection-rounds/{round_id}/answers", Visible, [401, 404, 403, 403, 200, 200]),
    // 李雷 answers for 研发部's submission; the collector reviews it, hands nothing in.
    ("GET /api/v1/collection-submissions/{submission_id}", Visible, [401, 404, 404, 200, 200, 200]),
    ("POST /api/v1/collection-submissions/{submission_id}/files", Visible, [401, 404, 404, 200, 403, 403]),
    ("DELETE /api/v1/collection-submissions/{submission_id}/files/{file_id}", Visible, [401, 404, 404, 200, 403, 403]),
    ("POST /api/v1/collection-submissions/{submission_id}/submit", Visible, [401, 404, 404, 200, 403, 403]),
    ("POST /api/v1/collection-submissions/{submission_id}/accept", Visible, [401, 404, 404, 403, 200, 200]),
    ("POST /api/v1/collection-submissions/{submission_id}/return", Visible, [401, 404, 404, 403, 200, 200]),
    ("GET /api/v1/me/collection-submissions", Plain, [401, 200, 200, 200, 200, 200]),
    // The case library: a published task without subtasks, done with its summary, archived.
    ("POST /api/v1/tasks/{task_id}/complete", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/complete", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/summary", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/tasks/{task_id}/summary", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/archive", Visible, [401, 404, 403, 403, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/archive", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/tasks/{task_id}/reopen", Visible, [401, 404, 403, 403, 403, 200]),
    ("POST /api/v1/tasks/{task_id}/reopen", Confidential, [401, 404, 404, 404, 403, 200]),
    // A head of a collaborating department tags a case too.
    ("PUT /api/v1/tasks/{task_id}/tags", Visible, [401, 404, 403, 200, 200, 200]),
    ("PUT /api/v1/tasks/{task_id}/tags", Confidential, [401, 404, 404, 404, 200, 200]),
    ("GET /api/v1/cases", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/case-tags", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/cases/{case_id}", Visible, [401, 404, 200, 200, 200, 200]),
    ("GET /api/v1/cases/{case_id}", Confidential, [401, 404, 404, 404, 200, 200]),
    ("POST /api/v1/cases/{case_id}/reuse", Visible, [401, 404, 201, 201, 201, 201]),
    ("POST /api/v1/cases/{case_id}/reuse", Confidential, [401, 404, 404, 404, 201, 201]),
    ("GET /api/v1/approvals", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/approvals/counts", Plain, [401, 200, 200, 200, 200, 200]),
    ("GET /api/v1/approval-flows", Plain, [401, 403, 403, 403, 403, 200]),
    ("POST /api/v1/approval-flows", Plain, [401, 403, 403, 403, 403, 201]),
    ("GET /api/v1/approval-flows/{flow_id}", Plain, [401, 403, 403, 403, 403, 200]),
    ("PUT /api/v1/approval-flows/{flow_id}", Plain, [401, 403, 403, 403, 403, 200]),
];

/// The routes of openapi.yaml as "METHOD /path".
fn documented_routes() -> BTreeSet<String> {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    let paths = spec.split("\npaths:\n").nth(1).unwrap().split("\ncomponents:").next().unwrap();
    let mut out = BTreeSet::new();
    let mut current = "";
    for line in paths.lines() {
        if let Some(p) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')).filter(|l| l.starts_with('/')) {
            current = p;
        } else if let Some(m) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(':')) {
            if ["get", "post", "put", "patch", "delete"].contains(&m) {
                out.insert(format!("{} {current}", m.to_uppercase()));
            }
        }
    }
    out
}

#[test]
fn every_route_is_in_the_matrix() {
    let documented = documented_routes();
    let covered: BTreeSet<String> = MATRIX.iter().map(|(r, _, _)| (*r).to_owned()).collect();
    let missing: Vec<&String> = documented.difference(&covered).collect();
    let stale: Vec<&String> = covered.difference(&documented).collect();
    assert!(missing.is_empty(), "routes without a row in the authorization matrix: {missing:?}");
    assert!(stale.is_empty(), "matrix rows for routes that do not exist: {stale:?}");
    // Task routes are checked on a visible and on a confidential task.
    for (route, target, _) in MATRIX {
        if route.contains("{task_id}") {
            assert_ne!(*target, Plain, "{route}");
        }
    }
}

struct World {
    callers: Vec<Client>,
    owner_id: String,
    market: String,
    rnd: String,
    /// A visible task of the owner's that any new task may wait for.
    predecessor: String,
    /// Someone who is none of the callers, to be made a collaborator.
    guest: String,
}

async fn world(app: &TestApp) -> World {
    // A stopped clock: GET and its HEAD then answer the same bytes (a workbook records when it
    // was made, to the second).
    app.freeze_at(app.now().and_utc());
    let market = app.department("市场部");
    let rnd = app.department("研发部");
    let sales = app.department("销售部");
    let owner_id = app.user("wangfang", "王芳", Some(&market), Role::DeptHead);
    app.make_head(&market, &owner_id);
    app.user("zhangsan", "张三", Some(&sales), Role::Member);
    let guest = app.user("zhaomin", "赵敏", Some(&sales), Role::Member);
    app.user("xuming", "徐明", Some(&rnd), Role::Member);
    let li_id = app.user("lilei", "李雷", Some(&rnd), Role::DeptHead);
    app.make_head(&rnd, &li_id);
    app.user("admin", "管理员", None, Role::Admin);
    let owner = app.login("wangfang").await;
    let anonymous = owner.with_token("not-a-token");
    let callers = vec![
        anonymous,
        app.login("zhangsan").await,
        app.login("xuming").await,
        app.login("lilei").await,
        owner.clone(),
        app.login("admin").await,
    ];
    let mut w = World { callers, owner_id, market, rnd, predecessor: String::new(), guest };
    w.predecessor = task(&w, Visible, true).await;
    w
}

/// A task of the owner's with both departments, published or a draft.
async fn task(w: &World, target: Target, published: bool) -> String {
    let owner = &w.callers[OWNER];
    let visibility = if target == Confidential { "confidential" } else { "normal" };
    let body = json!({"scenario": "cross_department", "title": "矩阵任务", "owner_id": w.owner_id,
        "department_ids": [w.market, w.rnd], "visibility": visibility, "due_at": "2030-12-31T00:00:00Z"});
    let id = owner.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    if published {
        owner.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    }
    id
}

async fn me_version(c: &Client) -> String {
    let res = c.get("/api/v1/me").send().await.unwrap();
    res.headers().get("etag").unwrap().to_str().unwrap().to_owned()
}

async fn version(w: &World, path: &str) -> String {
    let res = w.callers[OWNER].get(path).send().await.unwrap();
    res.headers().get("etag").unwrap().to_str().unwrap().to_owned()
}

/// Prepares fresh resources for one call and returns (method, path, body, If-Match).
async fn call_for(
    app: &TestApp,
    w: &World,
    caller: usize,
    route: &str,
    target: Target,
) -> (Method, String, Option<Value>, Option<String>) {
    let (method, template) = route.split_once(' ').unwrap();
    let method: Method = method.parse().unwrap();
    let owner = &w.callers[OWNER];
    let mut path = template.to_owned();
    let mut body = None;
    let mut if_match = None;
    if template.contains("collection") {
        return collection_call(w, method, template, target).await;
    }
    if template.contains("{case_id}")
        || ["/complete", "/summary", "/archive", "/reopen", "/tags"].iter().any(|s| template.ends_with(s))
    {
        return case_call(w, method, template, target).await;
    }
    if template.contains("{meeting_id}") {
        let id = task(w, target, true).await;
        let m = owner
            .post_json(
                &format!("/api/v1/tasks/{id}/meetings"),
                &json!({"title": "碰头会", "starts_at": "2030-06-01T02:00:00Z", "duration_minutes": 30,
                    "participant_ids": []}),
                201,
            )
            .await;
        let mid = m["id"].as_str().unwrap().to_owned();
        path = path.replace("{meeting_id}", &mid);
        if template.contains("{item_id}") {
            let res = owner
                .req(Method::PUT, &format!("/api/v1/meetings/{mid}/minutes"))
                .header("If-Match", "\"1\"")
                .json(&json!({"action_items": [{"title": "订场地", "owner_id": w.owner_id,
                    "due_at": "2030-07-01T00:00:00Z"}]}))
                .send()
                .await
                .unwrap();
            let saved: Value = res.json().await.unwrap();
            path = path.replace("{item_id}", saved["action_items"][0]["id"].as_str().unwrap());
        }
        match method {
            Method::PATCH => {
                body = Some(json!({"duration_minutes": 45}));
                if_match = Some("\"1\"".to_owned());
            }
            Method::PUT => {
                body = Some(json!({"discussion": "纪要"}));
                if_match = Some("\"1\"".to_owned());
            }
            Method::POST => body = Some(json!({})),
            _ => {}
        }
        return (method, path, body, if_match);
    }
    if template.contains("{file_id}") {
        let id = task(w, target, true).await;
        let access = if target == Visible { r#"{"level":"owners_edit"}"# } else { r#"{"level":"collaborators"}"# };
        let form = reqwest::multipart::Form::new()
            .text("access", access)
            .part("file", reqwest::multipart::Part::bytes(&b"v1"[..]).file_name("预算.xlsx"));
        let res = owner.post(&format!("/api/v1/tasks/{id}/files")).multipart(form).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 201, "upload for {route}");
        let file: Value = res.json().await.unwrap();
        let fid = file["id"].as_str().unwrap().to_owned();
        path = path.replace("{file_id}", &fid).replace("{number}", "1");
        match route {
            "PATCH /api/v1/files/{file_id}" => {
                body = Some(json!({"description": "预算表"}));
                if_match = Some("\"1\"".to_owned());
            }
            "POST /api/v1/files/{file_id}/undelete" => {
                let res = owner.req(Method::DELETE, &format!("/api/v1/files/{fid}")).send().await.unwrap();
                assert_eq!(res.status().as_u16(), 204);
            }
            "POST /api/v1/files/{file_id}/versions/{number}/restore" => {
                let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(&b"v2"[..]));
                let res = owner.post(&format!("/api/v1/files/{fid}/versions")).multipart(form).send().await.unwrap();
                assert_eq!(res.status().as_u16(), 201);
                body = Some(json!({}));
            }
            _ => {}
        }
        return (method, path, body, if_match);
    }
    if template.contains("{comment_id}") || template.contains("{attachment_id}") {
        let id = task(w, target, true).await;
        let file = owner
            .post(&format!("/api/v1/tasks/{id}/attachments?file_name=a.txt"))
            .body("附件")
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap();
        let c = owner
            .post_json(
                &format!("/api/v1/tasks/{id}/comments"),
                &json!({"body": "王芳的评论", "attachment_ids": [file["id"]]}),
                201,
            )
            .await;
        path = path.replace("{comment_id}", c["id"].as_str().unwrap());
        path = path.replace("{attachment_id}", file["id"].as_str().unwrap());
        if method == Method::PATCH {
            body = Some(json!({"body": "改过"}));
            if_match = Some(format!("\"{}\"", c["version"]));
        }
        return (method, path, body, if_match);
    }
    if template.contains("/request") {
        return request_call(w, method, template, target).await;
    }
    if template.contains("{task_id}") {
        let draft = route.ends_with("/publish");
        let id = task(w, target, !draft).await;
        path = path.replace("{task_id}", &id);
        if template.contains("{dependency_id}") {
            let dep = owner
                .post_json(&format!("/api/v1/tasks/{id}/dependencies"), &json!({"predecessor_id": w.predecessor}), 201)
                .await;
            path = path.replace("{dependency_id}", dep["id"].as_str().unwrap());
        }
        if template.contains("{user_id}") {
            let task_path = format!("/api/v1/tasks/{id}");
            let res = owner
                .req(Method::PATCH, &task_path)
                .header("If-Match", version(w, &task_path).await)
                .json(&json!({"collaborator_ids": [w.guest]}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 200, "collaborator for {route}");
            path = path.replace("{user_id}", &w.guest);
        }
        path = path.replace("{department_id}", &w.rnd);
        match route {
            "POST /api/v1/tasks/{task_id}/department-responses/{department_id}/accept" => {
                body = Some(json!({"owner_id": w.callers[2].user_id}));
            }
            "POST /api/v1/tasks/{task_id}/department-responses/{department_id}/decline" => {
                body = Some(json!({"reason": "人手不足"}));
            }
            "PATCH /api/v1/tasks/{task_id}" => {
                body = Some(json!({"title": "改名"}));
                if_match = Some(version(w, &format!("/api/v1/tasks/{id}")).await);
            }
            "POST /api/v1/tasks/{task_id}/subtasks" => {
                body = Some(json!({"title": "子任务", "owner_id": w.owner_id, "due_at": "2030-12-01T00:00:00Z"}));
            }
            "POST /api/v1/tasks/{task_id}/progress" => body = Some(json!({"percent": 10, "note": "推进中"})),
            "POST /api/v1/tasks/{task_id}/dependencies" => body = Some(json!({"predecessor_id": w.predecessor})),
            "POST /api/v1/tasks/{task_id}/comments" => body = Some(json!({"body": "评论"})),
            "POST /api/v1/tasks/{task_id}/meetings" => {
                body = Some(json!({"title": "会", "starts_at": "2030-06-01T02:00:00Z", "duration_minutes": 30,
                    "participant_ids": []}));
            }
            "POST /api/v1/tasks/{task_id}/attachments" => path.push_str("?file_name=a.txt"),
            _ => {}
        }
        let wants_body = method != Method::GET && method != Method::DELETE;
        return (method, path, body.or(Some(json!({}))).filter(|_| wants_body), if_match);
    }
    match route {
        "POST /api/v1/auth/login" => {
            body =
                Some(json!({"email": format!("nobody{}@test.tandem.cn", rand_suffix()), "password": "wrong-password"}));
        }
        "POST /api/v1/auth/refresh" | "POST /api/v1/auth/logout" => {
            body = Some(json!({"refresh_token": "never-issued"}))
        }
        "PATCH /api/v1/me" => {
            body = Some(json!({"locale": "zh-CN"}));
            if_match = Some(if caller == 0 { "\"1\"".to_owned() } else { me_version(&w.callers[caller]).await });
        }
        "POST /api/v1/me/password" => {
            body = Some(json!({"current_password": "wrong-password", "new_password": "Another@2026x"}));
        }
        "POST /api/v1/me/tokens" => body = Some(json!({"name": "脚本"})),
        "DELETE /api/v1/me/tokens/{token_id}" => {
            let t = owner.post_json("/api/v1/me/tokens", &json!({"name": "王芳的脚本"}), 201).await;
            path = path.replace("{token_id}", t["id"].as_str().unwrap());
        }
        "POST /api/v1/users" => {
            let n = app.run_jobs() + rand_suffix();
            body = Some(json!({"email": format!("new{n}@test.tandem.cn"), "name": "新人", "password": "Tandem@2026x",
                "department_id": w.rnd, "role": "member"}));
        }
        "GET /api/v1/search" => path.push_str("?q=budget"),
        "GET /api/v1/users/{user_id}" => path = path.replace("{user_id}", &w.owner_id),
        "PATCH /api/v1/users/{user_id}" => {
            path = path.replace("{user_id}", &w.callers[2].user_id);
            body = Some(json!({"title": "工程师"}));
            if_match = Some(version(w, &path).await);
        }
        "POST /api/v1/departments" => body = Some(json!({"name": format!("新部门{}", rand_suffix())})),
        "GET /api/v1/departments/{department_id}" => path = path.replace("{department_id}", &w.market),
        "PATCH /api/v1/departments/{department_id}" => {
            path = path.replace("{department_id}", &w.rnd);
            body = Some(json!({"name": format!("研发部{}", rand_suffix())}));
            if_match = Some(version(w, &path).await);
        }
        "POST /api/v1/tasks" => {
            body = Some(json!({"scenario": "info_sync", "title": "同步", "owner_id": w.owner_id,
                "department_ids": [w.market], "due_at": "2030-12-31T00:00:00Z"}));
        }
        "POST /api/v1/notifications/{notification_id}/read" | "POST /api/v1/notifications/{notification_id}/ack" => {
            // The administrator assigns 王芳 a task: she has a notification.
            let admin = &w.callers[ADMIN];
            let body = json!({"scenario": "info_sync", "title": "请处理", "owner_id": w.owner_id,
                "department_ids": [w.market], "due_at": "2030-12-31T00:00:00Z"});
            let t = admin.post_json("/api/v1/tasks", &body, 201).await;
            admin.post_json(&format!("/api/v1/tasks/{}/publish", t["id"].as_str().unwrap()), &json!({}), 200).await;
            app.run_jobs();
            let mine = owner.get_json("/api/v1/notifications?limit=1").await;
            path = path.replace("{notification_id}", mine["items"][0]["id"].as_str().unwrap());
        }
        "POST /api/v1/notifications/read-all" => {}
        "POST /api/v1/robots" => {
            body =
                Some(json!({"name": "市场部群", "platform": "wecom", "webhook_url": "http://127.0.0.1:9/send?key=k",
                "department_id": w.market}));
        }
        "PATCH /api/v1/robots/{robot_id}"
        | "DELETE /api/v1/robots/{robot_id}"
        | "POST /api/v1/robots/{robot_id}/test" => {
            let r = owner
                .post_json(
                    "/api/v1/robots",
                    &json!({"name": "市场部群", "platform": "wecom", "webhook_url": "http://127.0.0.1:9/send?key=k",
                        "department_id": w.market}),
                    201,
                )
                .await;
            path = path.replace("{robot_id}", r["id"].as_str().unwrap());
            if method == Method::PATCH {
                body = Some(json!({"name": "市场部通知群"}));
                if_match = Some("\"1\"".to_owned());
            }
        }
        "POST /api/v1/webhooks" => body = Some(json!({"url": "http://127.0.0.1:9/hook", "event_types": ["*"]})),
        "DELETE /api/v1/webhooks/{webhook_id}" | "GET /api/v1/webhooks/{webhook_id}/deliveries" => {
            let h = owner
                .post_json("/api/v1/webhooks", &json!({"url": "http://127.0.0.1:9/hook", "event_types": ["*"]}), 201)
                .await;
            path = path.replace("{webhook_id}", h["webhook"]["id"].as_str().unwrap());
        }
        "PUT /api/v1/me/notification-preferences" => body = Some(json!({"mail": true, "robot": true})),
        "POST /api/v1/exports" => body = Some(json!({"kind": "task_list"})),
        "GET /api/v1/exports/{export_id}" | "GET /api/v1/exports/{export_id}/content" => {
            let e = owner.post_json("/api/v1/exports", &json!({"kind": "task_list"}), 202).await;
            app.export().await;
            path = path.replace("{export_id}", e["id"].as_str().unwrap());
        }
        "POST /api/v1/jobs/{job_id}/retry" => {
            let id = app
                .state_db
                .write_blocking(move |c| {
                    let mut job = tandem::domain::delivery::job(tandem::values::JobKind::Webhook, &json!({}), None)?;
                    job.status = tandem::values::JobStatus::Dead;
                    tandem::db::jobs::enqueue(c, &job)?;
                    Ok(job.id)
                })
                .unwrap();
            path = path.replace("{job_id}", &id);
        }
        "POST /api/v1/help-requests" => {
            let id = task(w, target, true).await;
            body = Some(json!({"task_id": id, "department_id": w.rnd, "what": "需要支持"}));
        }
        "POST /api/v1/help-requests/{help_request_id}/answer" => {
            let id = task(w, Visible, true).await;
            let h = owner
                .post_json(
                    "/api/v1/help-requests",
                    &json!({"task_id": id, "department_id": w.rnd, "what": "需要支持"}),
                    201,
                )
                .await;
            path = path.replace("{help_request_id}", h["id"].as_str().unwrap());
            body = Some(json!({"answer": "已安排"}));
        }
        "GET /api/v1/departments/{department_id}/weekly-summaries"
        | "GET /api/v1/departments/{department_id}/weekly-summaries/{week}"
        | "PUT /api/v1/departments/{department_id}/weekly-summaries/{week}" => {
            path = path.replace("{department_id}", &w.market).replace("{week}", "2026-11-23");
            if method == Method::PUT {
                body = Some(json!({"done": "完成", "problems": "", "next_week": ""}));
            }
        }
        "POST /api/v1/approval-flows" => body = Some(flow_body(w)),
        "GET /api/v1/approval-flows/{flow_id}" | "PUT /api/v1/approval-flows/{flow_id}" => {
            let f = w.callers[ADMIN].post_json("/api/v1/approval-flows", &flow_body(w), 201).await;
            path = path.replace("{flow_id}", f["id"].as_str().unwrap());
            if method == Method::PUT {
                body = Some(flow_body(w));
                if_match = Some("\"1\"".to_owned());
            }
        }
        "GET /api/v1/work-calendar/years/{year}/schedule" => path = path.replace("{year}", "2026"),
        "DELETE /api/v1/login-locks/{lock_id}" => {
            // A failed sign-in for an address of its own makes a key to clear.
            let email = format!("nobody-{}@test.tandem.cn", rand_suffix());
            let res = w.callers[ADMIN]
                .req(Method::POST, "/api/v1/auth/login")
                .json(&json!({"email": email, "password": "wrong"}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401);
            let locks = w.callers[ADMIN].get_json("/api/v1/login-locks").await;
            let id = locks["items"].as_array().unwrap().iter().find(|l| l["subject"] == email.as_str()).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned();
            path = path.replace("{lock_id}", &id);
        }
        "POST /api/v1/work-calendar/imports" => {
            body = Some(json!({"content": "year 2099\nsource 测试\n2099-01-01 off 元旦\n"}));
        }
        "PUT /api/v1/work-calendar/{day}" => {
            path = path.replace("{day}", "2026-12-31");
            body = Some(json!({"working": false, "name": "公司年会"}));
        }
        "DELETE /api/v1/work-calendar/{day}" => {
            // The calendar ships 2026-10-10 (国庆节调休上班): deleting it again answers 404.
            let day = format!("2027-01-{:02}", 1 + rand_suffix() % 28);
            let admin = &w.callers[ADMIN];
            admin
                .req(Method::PUT, &format!("/api/v1/work-calendar/{day}"))
                .json(&json!({"working": false, "name": "测试"}))
                .send()
                .await
                .unwrap();
            path = path.replace("{day}", &day);
        }
        "GET /api/v1/calendar/{file}" => {
            let feed = owner.post_json("/api/v1/me/calendar-feed", &json!({}), 201).await;
            let url = feed["url"].as_str().unwrap();
            path = format!("/api/v1/{}", url.split_once("/api/v1/").unwrap().1);
        }
        _ => {}
    }
    if body.is_none() && method == Method::POST {
        body = Some(json!({}));
    }
    (method, path, body, if_match)
}

/// A flow whose one step asks the administrator.
fn flow_body(w: &World) -> Value {
    json!({"name": "矩阵审批流", "steps": [{"name": "管理员审批", "mode": "single",
        "approvers": [{"kind": "user", "user_id": w.callers[ADMIN].user_id}]}]})
}

/// A task of the owner's at the stage the case-library route needs: published (to complete it),
/// done with its summary (summary, archive, tags), or archived (reopen, the case's page, reuse).
async fn case_call(
    w: &World,
    method: Method,
    template: &str,
    target: Target,
) -> (Method, String, Option<Value>, Option<String>) {
    let owner = &w.callers[OWNER];
    let id = task(w, target, true).await;
    let path = template.replace("{task_id}", &id).replace("{case_id}", &id);
    if template.ends_with("/complete") {
        return (method, path, Some(json!({"outcome": "达成"})), None);
    }
    owner.post_json(&format!("/api/v1/tasks/{id}/complete"), &json!({"outcome": "达成"}), 200).await;
    let body = if template.ends_with("/tags") {
        Some(json!({"tags": ["经验"]}))
    } else if template.ends_with("/archive") {
        Some(json!({}))
    } else {
        None
    };
    if template.ends_with("/summary") || body.is_some() {
        return (method, path, body, None);
    }
    owner.post_json(&format!("/api/v1/tasks/{id}/archive"), &json!({}), 200).await;
    let body = if template.ends_with("/reopen") {
        Some(json!({"reason": "补充材料"}))
    } else if template.ends_with("/reuse") {
        Some(json!({"due_at": "2031-06-30T00:00:00Z"}))
    } else {
        None
    };
    (method, path, body, None)
}

/// An info-sync task of the owner's (published) with a one-off collection from 研发部 (李雷
/// answers for it), for the collection routes; 李雷 has uploaded a file (and handed in, for the
/// collector's verdicts).
async fn collection_call(
    w: &World,
    method: Method,
    template: &str,
    target: Target,
) -> (Method, String, Option<Value>, Option<String>) {
    let owner = &w.callers[OWNER];
    let head = &w.callers[3];
    let visibility = if target == Confidential { "confidential" } else { "normal" };
    let body = json!({"scenario": "info_sync", "title": "矩阵收集", "owner_id": w.owner_id,
        "department_ids": [w.market, w.rnd], "visibility": visibility, "due_at": "2030-12-31T00:00:00Z"});
    let id = owner.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    owner.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    let collection = json!({"title": "月报", "spec": {"files": {"min_files": 1}},
        "submitters": {"departments": [{"department_id": w.rnd}]},
        "schedule": {"kind": "once", "due_at": "2030-06-01T10:00:00Z"}});
    if template == "/api/v1/tasks/{task_id}/collections" && method == Method::POST {
        return (method, template.replace("{task_id}", &id), Some(collection), None);
    }
    let c = owner.post_json(&format!("/api/v1/tasks/{id}/collections"), &collection, 201).await;
    let round = c["rounds"][0]["id"].as_str().unwrap().to_owned();
    let m = owner.get_json(&format!("/api/v1/collection-rounds/{round}/submissions")).await;
    let sub = m["items"][0]["id"].as_str().unwrap().to_owned();
    let last = template.rsplit('/').next().unwrap();
    let mut path = template
        .replace("{task_id}", &id)
        .replace("{collection_id}", c["id"].as_str().unwrap())
        .replace("{round_id}", &round)
        .replace("{submission_id}", &sub);
    if template.contains("collection-submissions") && last != "files" {
        let part = reqwest::multipart::Part::bytes(&b"figures"[..]).file_name("月报.xlsx");
        let res = head
            .post(&format!("/api/v1/collection-submissions/{sub}/files"))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        let s: Value = res.json().await.unwrap();
        path = path.replace("{file_id}", s["files"][0]["file_id"].as_str().unwrap());
        if matches!(last, "accept" | "return") {
            head.post_json(&format!("/api/v1/collection-submissions/{sub}/submit"), &json!({}), 200).await;
        }
    }
    let (body, if_match) = match (method.clone(), last) {
        (Method::PATCH, _) => (Some(json!({"title": "月报（改）"})), Some(format!("\"{}\"", c["version"]))),
        (Method::POST, "return") => (Some(json!({"comment": "请补充"})), None),
        (Method::POST, _) => (Some(json!({})), None),
        _ => (None, None),
    };
    (method, path, body, if_match)
}

/// A resource-request task of the owner's with a saved form; submitted for the routes that act
/// on a submission.
async fn request_call(
    w: &World,
    method: Method,
    template: &str,
    target: Target,
) -> (Method, String, Option<Value>, Option<String>) {
    let owner = &w.callers[OWNER];
    let visibility = if target == Confidential { "confidential" } else { "normal" };
    let body = json!({"scenario": "resource_request", "title": "矩阵申请", "owner_id": w.owner_id,
        "department_ids": [w.market, w.rnd], "visibility": visibility, "due_at": "2030-12-31T00:00:00Z"});
    let id = owner.post_json("/api/v1/tasks", &body, 201).await["id"].as_str().unwrap().to_owned();
    owner.post_json(&format!("/api/v1/tasks/{id}/publish"), &json!({}), 200).await;
    let form = json!({"lines": [{"kind": "data", "description": "销售数据"}], "justification": "分析"});
    let path = template.replace("{task_id}", &id);
    if method == Method::PUT {
        return (method, path, Some(form), None);
    }
    let res = owner.req(Method::PUT, &format!("/api/v1/tasks/{id}/request")).json(&form).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "form for {template}");
    let acts_on_submission =
        !(template.ends_with("/request") || template.ends_with("/submit") || template.ends_with("/submissions"));
    w.callers[ADMIN].post_json("/api/v1/approval-flows", &flow_body(w), 201).await;
    if acts_on_submission {
        owner.post_json(&format!("/api/v1/tasks/{id}/request/submit"), &json!({}), 200).await;
    }
    let body = match template.rsplit('/').next().unwrap() {
        "reject" | "return" => Some(json!({"comment": "不同意"})),
        "transfer" => Some(json!({"to_user_id": w.guest})),
        "add-approver" => Some(json!({"user_id": w.guest, "position": "after"})),
        _ if method == Method::POST => Some(json!({})),
        _ => None,
    };
    (method, path, body, None)
}

fn rand_suffix() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

async fn every_caller_gets_the_status_the_matrix_says(app: TestApp) {
    let w = world(&app).await;
    let mut wrong = Vec::new();
    for (route, target, expected) in MATRIX {
        for (i, who) in CALLERS.iter().enumerate() {
            let (method, path, body, if_match) = call_for(&app, &w, i, route, *target).await;
            let upload = method == Method::POST && (route.ends_with("/files") || route.ends_with("/versions"));
            let is_get = method == Method::GET;
            let mut req = w.callers[i].req(method, &path);
            if upload {
                let part = reqwest::multipart::Part::bytes(format!("内容 {i}").into_bytes())
                    .file_name(format!("文件{i}.docx"));
                req = req.multipart(reqwest::multipart::Form::new().part("file", part));
            } else if let Some(b) = body {
                req = req.json(&b);
            }
            if let Some(v) = if_match {
                req = req.header("If-Match", v);
            }
            let res = req.send().await.unwrap();
            let got = res.status().as_u16();
            let length = res.headers().get("content-length").cloned();
            if got != expected[i] {
                let text = res.text().await.unwrap_or_default();
                wrong.push(format!("{route} ({target:?}) as {who}: expected {}, got {got}: {text}", expected[i]));
            } else if is_get {
                // HEAD answers wherever GET does: the same status and length (when GET has
                // one: not the live stream), no body.
                let head = w.callers[i].req(Method::HEAD, &path).send().await.unwrap();
                let head_length = head.headers().get("content-length").cloned();
                let (status, body) = (head.status().as_u16(), head.bytes().await.unwrap());
                if status != got || !body.is_empty() || (got == 200 && length.is_some() && head_length != length) {
                    wrong.push(format!(
                        "HEAD {path} as {who}: {status} with {} bytes and length {head_length:?}; GET: {got}, {length:?}",
                        body.len()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} cells differ:\n{}", wrong.len(), wrong.join("\n"));
}
