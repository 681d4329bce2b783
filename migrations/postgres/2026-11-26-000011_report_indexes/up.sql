-- The efficiency report reads its figures from indexes alone (never the wide task rows), and
-- the critical path of every tree with dependencies is kept with its stored schedule.
ALTER TABLE task_schedule ADD COLUMN critical BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX tasks_report_due ON tasks(due_at, owner_id, status, completed_at, deleted_at, visibility, scenario, start_at, id);
CREATE INDEX tasks_report_done ON tasks(completed_at, owner_id, published_at, created_at, deleted_at, status, visibility, scenario);
CREATE INDEX tasks_report_node ON tasks(id, owner_id, completed_at, deleted_at, status, due_at, visibility, scenario);
