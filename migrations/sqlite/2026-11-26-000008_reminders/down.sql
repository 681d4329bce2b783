CREATE TABLE task_participants_old (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent')),
    PRIMARY KEY (task_id, user_id)
);
INSERT INTO task_participants_old SELECT task_id, user_id, reason FROM task_participants
    WHERE reason IN ('owner', 'collaborator', 'creator', 'parent');
DROP TABLE task_participants;
ALTER TABLE task_participants_old RENAME TO task_participants;
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);
DROP TABLE weekly_summaries;
DROP TABLE help_requests;
DROP TABLE reminder_fires;
DROP TABLE calendar_days;
