-- The case library (协作案例库): a finished top-level task carries its 协作总结 (the owner's words
-- and the figures the platform derived when it was marked done), free tags, and the time it went
-- into the library. Archived top-level tasks are the cases.
CREATE TABLE task_summaries (
    task_id TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    -- 目标达成情况: the outcome against the goal (required).
    outcome TEXT NOT NULL,
    went_well TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    lessons TEXT NOT NULL DEFAULT '',
    -- JSON: planned vs actual dates, days gained or lost, per-department on-time figures, review
    -- rounds and hand-off waits, as they stood when the task was marked done.
    figures TEXT NOT NULL,
    written_by TEXT NOT NULL REFERENCES users(id),
    written_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Free tags an owner or a head of an involved department adds to a case.
CREATE TABLE task_tags (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES users(id),
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, tag)
);
CREATE INDEX task_tags_tag ON task_tags(tag, task_id);

ALTER TABLE tasks ADD COLUMN archived_at TIMESTAMP;
-- The library's pages (newest archived first) and the automatic archiving of done top-level tasks.
CREATE INDEX tasks_cases ON tasks(archived_at, id) WHERE archived_at IS NOT NULL AND parent_id IS NULL;
CREATE INDEX tasks_done_roots ON tasks(completed_at, id) WHERE status = 'done' AND parent_id IS NULL;
