-- Who may see each task, materialized so a list page reads a page, not the caller's whole
-- visible set. A principal is a person named on the task ('u:' user id), a department whose
-- members see its published tasks ('d:' department id), the initiating department, whose heads
-- see its published tasks ('h:'), or everyone ('p', public tasks). A reader's principals are
-- themselves, their department and those they head (as 'd:'), those they head (as 'h:') and 'p'.
-- The rule is the one of `db::tasks::visible_probe` (and the Rust policy): the people named on a
-- task see it always; the rest only once it is published and unless it is confidential.
-- The sort columns are copies of the task's, so each principal's rows are read in list order
-- straight from an index. Triggers keep the table in the same transaction as every change.
CREATE TABLE task_audience (
    principal TEXT NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    priority_rank INTEGER NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (principal, task_id)
);
CREATE INDEX task_audience_task ON task_audience(task_id, principal);
CREATE INDEX task_audience_created ON task_audience(principal, created_at, task_id);
CREATE INDEX task_audience_updated ON task_audience(principal, updated_at, task_id);
CREATE INDEX task_audience_due ON task_audience(principal, due_at, task_id);
CREATE INDEX task_audience_priority ON task_audience(principal, priority_rank, task_id);
CREATE INDEX task_audience_title ON task_audience(principal, title, task_id);

-- Every task's audience rows, computed from the task, its participants and its departments.
CREATE VIEW task_audience_rows AS
SELECT 'u:' || p.user_id AS principal, t.id AS task_id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
FROM tasks t JOIN task_participants p ON p.task_id = t.id
WHERE t.deleted_at IS NULL
UNION ALL
SELECT 'd:' || d.department_id, t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
FROM tasks t JOIN task_departments d ON d.task_id = t.id
WHERE t.deleted_at IS NULL AND t.status <> 'draft' AND t.visibility <> 'confidential'
UNION ALL
SELECT 'h:' || t.initiating_department_id, t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
FROM tasks t
WHERE t.deleted_at IS NULL AND t.status <> 'draft' AND t.visibility <> 'confidential'
  AND t.initiating_department_id IS NOT NULL
UNION ALL
SELECT 'p', t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
FROM tasks t
WHERE t.deleted_at IS NULL AND t.status <> 'draft' AND t.visibility = 'public';

INSERT OR IGNORE INTO task_audience SELECT * FROM task_audience_rows;

CREATE TRIGGER task_audience_task_inserted AFTER INSERT ON tasks BEGIN
    INSERT OR IGNORE INTO task_audience SELECT * FROM task_audience_rows WHERE task_id = NEW.id;
END;

-- A change of who may see the task: its rows again.
CREATE TRIGGER task_audience_access_changed AFTER UPDATE ON tasks
WHEN OLD.status IS NOT NEW.status OR OLD.visibility IS NOT NEW.visibility
  OR OLD.initiating_department_id IS NOT NEW.initiating_department_id OR OLD.deleted_at IS NOT NEW.deleted_at
  OR OLD.id IS NOT NEW.id
BEGIN
    DELETE FROM task_audience WHERE task_id = OLD.id;
    INSERT OR IGNORE INTO task_audience SELECT * FROM task_audience_rows WHERE task_id = NEW.id;
END;

-- A change of the order only: the copies.
CREATE TRIGGER task_audience_order_changed AFTER UPDATE ON tasks
WHEN OLD.created_at IS NOT NEW.created_at OR OLD.updated_at IS NOT NEW.updated_at OR OLD.due_at IS NOT NEW.due_at
  OR OLD.priority_rank IS NOT NEW.priority_rank OR OLD.title IS NOT NEW.title
BEGIN
    UPDATE task_audience
    SET created_at = NEW.created_at, updated_at = NEW.updated_at, due_at = NEW.due_at,
        priority_rank = NEW.priority_rank, title = NEW.title
    WHERE task_id = NEW.id;
END;

CREATE TRIGGER task_audience_participant_added AFTER INSERT ON task_participants BEGIN
    INSERT OR IGNORE INTO task_audience
    SELECT 'u:' || NEW.user_id, t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
    FROM tasks t WHERE t.id = NEW.task_id AND t.deleted_at IS NULL;
END;

-- A person stays in the audience while any of their reasons to be named on the task remains.
CREATE TRIGGER task_audience_participant_removed AFTER DELETE ON task_participants
WHEN NOT EXISTS (SELECT 1 FROM task_participants WHERE task_id = OLD.task_id AND user_id = OLD.user_id)
BEGIN
    DELETE FROM task_audience WHERE principal = 'u:' || OLD.user_id AND task_id = OLD.task_id;
END;

CREATE TRIGGER task_audience_participant_changed AFTER UPDATE ON task_participants BEGIN
    DELETE FROM task_audience WHERE task_id IN (OLD.task_id, NEW.task_id);
    INSERT OR IGNORE INTO task_audience SELECT * FROM task_audience_rows WHERE task_id IN (OLD.task_id, NEW.task_id);
END;

CREATE TRIGGER task_audience_department_added AFTER INSERT ON task_departments BEGIN
    INSERT OR IGNORE INTO task_audience
    SELECT 'd:' || NEW.department_id, t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
    FROM tasks t
    WHERE t.id = NEW.task_id AND t.deleted_at IS NULL AND t.status <> 'draft' AND t.visibility <> 'confidential';
END;

CREATE TRIGGER task_audience_department_removed AFTER DELETE ON task_departments BEGIN
    DELETE FROM task_audience WHERE principal = 'd:' || OLD.department_id AND task_id = OLD.task_id;
END;

CREATE TRIGGER task_audience_department_changed AFTER UPDATE ON task_departments BEGIN
    DELETE FROM task_audience WHERE task_id IN (OLD.task_id, NEW.task_id);
    INSERT OR IGNORE INTO task_audience SELECT * FROM task_audience_rows WHERE task_id IN (OLD.task_id, NEW.task_id);
END;
