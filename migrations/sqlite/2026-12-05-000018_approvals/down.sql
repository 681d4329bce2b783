DELETE FROM task_participants WHERE reason IN ('approver', 'approval_cc');
CREATE TABLE task_participants_new (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation')),
    PRIMARY KEY (task_id, user_id, reason)
);
INSERT INTO task_participants_new (task_id, user_id, reason) SELECT task_id, user_id, reason FROM task_participants;
DROP TABLE task_participants;
ALTER TABLE task_participants_new RENAME TO task_participants;
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);
DROP TABLE approval_copies;
DROP TABLE approval_assignments;
DROP TABLE request_submissions;
DROP TABLE resource_requests;
DROP TABLE approval_flows;
