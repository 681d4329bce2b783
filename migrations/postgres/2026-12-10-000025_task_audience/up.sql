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
    -- Byte order, as the pages of several principals are merged in (as SQLite orders text).
    title TEXT COLLATE "C" NOT NULL,
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

INSERT INTO task_audience SELECT * FROM task_audience_rows ON CONFLICT DO NOTHING;

-- A task's rows again, from its current state.
CREATE FUNCTION task_audience_refresh(ids TEXT[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM task_audience WHERE task_id = ANY(ids);
    INSERT INTO task_audience SELECT * FROM task_audience_rows WHERE task_id = ANY(ids) ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION task_audience_on_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status OR OLD.visibility IS DISTINCT FROM NEW.visibility
        OR OLD.initiating_department_id IS DISTINCT FROM NEW.initiating_department_id
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.id IS DISTINCT FROM NEW.id THEN
        -- A change of who may see the task: its rows again.
        PERFORM task_audience_refresh(ARRAY[NEW.id]);
    ELSIF OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.updated_at IS DISTINCT FROM NEW.updated_at
        OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.priority_rank IS DISTINCT FROM NEW.priority_rank
        OR OLD.title IS DISTINCT FROM NEW.title THEN
        -- A change of the order only: the copies.
        UPDATE task_audience
        SET created_at = NEW.created_at, updated_at = NEW.updated_at, due_at = NEW.due_at,
            priority_rank = NEW.priority_rank, title = NEW.title
        WHERE task_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER task_audience_task AFTER INSERT OR UPDATE ON tasks
FOR EACH ROW EXECUTE FUNCTION task_audience_on_task();

CREATE FUNCTION task_audience_on_participant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_audience
        SELECT 'u:' || NEW.user_id, t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
        FROM tasks t WHERE t.id = NEW.task_id AND t.deleted_at IS NULL
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
        -- A person stays in the audience while any of their reasons to be named remains.
        IF NOT EXISTS (SELECT 1 FROM task_participants WHERE task_id = OLD.task_id AND user_id = OLD.user_id) THEN
            DELETE FROM task_audience WHERE principal = 'u:' || OLD.user_id AND task_id = OLD.task_id;
        END IF;
    ELSE
        PERFORM task_audience_refresh(ARRAY[OLD.task_id, NEW.task_id]);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER task_audience_participant AFTER INSERT OR UPDATE OR DELETE ON task_participants
FOR EACH ROW EXECUTE FUNCTION task_audience_on_participant();

CREATE FUNCTION task_audience_on_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_audience
        SELECT 'd:' || NEW.department_id, t.id, t.created_at, t.updated_at, t.due_at, t.priority_rank, t.title
        FROM tasks t
        WHERE t.id = NEW.task_id AND t.deleted_at IS NULL AND t.status <> 'draft' AND t.visibility <> 'confidential'
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM task_audience WHERE principal = 'd:' || OLD.department_id AND task_id = OLD.task_id;
    ELSE
        PERFORM task_audience_refresh(ARRAY[OLD.task_id, NEW.task_id]);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER task_audience_department AFTER INSERT OR UPDATE OR DELETE ON task_departments
FOR EACH ROW EXECUTE FUNCTION task_audience_on_department();
