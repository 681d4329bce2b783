-- A dependency: the successor waits for the predecessor (finish-to-start by default).
CREATE TABLE task_dependencies (
    id TEXT PRIMARY KEY NOT NULL,
    predecessor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    successor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('finish_to_start', 'start_to_start', 'finish_to_finish')),
    lag_days INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (predecessor_id, successor_id),
    CHECK (predecessor_id <> successor_id)
);
CREATE INDEX task_dependencies_successor ON task_dependencies(successor_id);
