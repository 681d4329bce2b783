DELETE FROM task_participants WHERE reason = 'submitter';
CREATE TABLE task_participants_new (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation', 'approver', 'approval_cc')),
    PRIMARY KEY (task_id, user_id, reason)
);
INSERT INTO task_participants_new (task_id, user_id, reason) SELECT task_id, user_id, reason FROM task_participants;
DROP TABLE task_participants;
ALTER TABLE task_participants_new RENAME TO task_participants;
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);
DROP TABLE collection_answerers;
DROP TABLE collection_submissions;
DROP TABLE collection_rounds;
DROP TABLE collections;
