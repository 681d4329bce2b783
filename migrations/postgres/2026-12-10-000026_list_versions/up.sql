-- A number that grows with every committed change a task list's total depends on (the tasks and
-- who works on them, the departments' answers, people moving department), read before a total is
-- counted: a total kept under the same number is still right (`db::counts`). Concurrent writers
-- each bump the row of their own session's shard, so they do not wait on one row; the number is
-- the sum of the shards.
CREATE TABLE list_versions (
    shard INTEGER PRIMARY KEY NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO list_versions (shard, n) SELECT s, 0 FROM generate_series(0, 15) AS s;

CREATE FUNCTION list_versions_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE list_versions SET n = n + 1 WHERE shard = pg_backend_pid() % 16;
    RETURN NULL;
END $$;

CREATE TRIGGER list_versions_tasks AFTER INSERT OR UPDATE OR DELETE ON tasks
FOR EACH STATEMENT EXECUTE FUNCTION list_versions_bump();
CREATE TRIGGER list_versions_task_departments AFTER INSERT OR UPDATE OR DELETE ON task_departments
FOR EACH STATEMENT EXECUTE FUNCTION list_versions_bump();
CREATE TRIGGER list_versions_task_participants AFTER INSERT OR UPDATE OR DELETE ON task_participants
FOR EACH STATEMENT EXECUTE FUNCTION list_versions_bump();
CREATE TRIGGER list_versions_task_collaborators AFTER INSERT OR UPDATE OR DELETE ON task_collaborators
FOR EACH STATEMENT EXECUTE FUNCTION list_versions_bump();
CREATE TRIGGER list_versions_department_responses AFTER INSERT OR UPDATE OR DELETE ON department_responses
FOR EACH STATEMENT EXECUTE FUNCTION list_versions_bump();
CREATE TRIGGER list_versions_users AFTER UPDATE OF department_id ON users
FOR EACH STATEMENT EXECUTE FUNCTION list_versions_bump();
