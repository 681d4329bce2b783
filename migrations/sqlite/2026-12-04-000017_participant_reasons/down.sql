CREATE TABLE task_participants_old (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation')),
    PRIMARY KEY (task_id, user_id)
);
INSERT INTO task_participants_old (task_id, user_id, reason)
SELECT task_id, user_id, MIN(reason) FROM task_participants GROUP BY task_id, user_id;
DROP TABLE task_participants;
ALTER TABLE task_participants_old RENAME TO task_participants;
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);
