-- The computed schedule of tasks that take part in a dependency graph: earliest start and finish
-- from the planned dates, durations, lags and predecessors. A row is kept for every task of a
-- top-level task whose tree has dependencies; comparing a recalculation with the stored row is
-- how "at risk" is announced once per change rather than once per recalculation.
CREATE TABLE task_schedule (
    task_id TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    root_id TEXT NOT NULL,
    earliest_start TIMESTAMP NOT NULL,
    earliest_finish TIMESTAMP NOT NULL,
    -- The task cannot start on its planned date any more (its earliest start is later).
    at_risk BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX task_schedule_root ON task_schedule(root_id);

-- The top-level tasks at both ends of a dependency (a task never changes trees), so a tree's
-- edges are one index range rather than a lookup per task.
ALTER TABLE task_dependencies ADD COLUMN predecessor_root_id TEXT NOT NULL DEFAULT '';
ALTER TABLE task_dependencies ADD COLUMN successor_root_id TEXT NOT NULL DEFAULT '';
UPDATE task_dependencies SET
    predecessor_root_id = (SELECT root_id FROM tasks WHERE tasks.id = task_dependencies.predecessor_id),
    successor_root_id = (SELECT root_id FROM tasks WHERE tasks.id = task_dependencies.successor_id);
CREATE INDEX task_dependencies_predecessor_root ON task_dependencies(predecessor_root_id);
CREATE INDEX task_dependencies_successor_root ON task_dependencies(successor_root_id);
