-- A number that grows with every committed change a task list's total depends on (the tasks and
-- who works on them, the departments' answers, people moving department), read before a total is
-- counted: a total kept under the same number is still right (`db::counts`). SQLite has one
-- writer at a time, so one row; PostgreSQL spreads its writers over several.
CREATE TABLE list_versions (
    shard INTEGER PRIMARY KEY NOT NULL,
    n BIGINT NOT NULL
);
INSERT INTO list_versions (shard, n) VALUES (0, 0);
CREATE TRIGGER list_versions_tasks_insert AFTER INSERT ON tasks BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_tasks_update AFTER UPDATE ON tasks BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_tasks_delete AFTER DELETE ON tasks BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_departments_insert AFTER INSERT ON task_departments BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_departments_update AFTER UPDATE ON task_departments BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_departments_delete AFTER DELETE ON task_departments BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_participants_insert AFTER INSERT ON task_participants BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_participants_update AFTER UPDATE ON task_participants BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_participants_delete AFTER DELETE ON task_participants BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_collaborators_insert AFTER INSERT ON task_collaborators BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_collaborators_update AFTER UPDATE ON task_collaborators BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_task_collaborators_delete AFTER DELETE ON task_collaborators BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_department_responses_insert AFTER INSERT ON department_responses BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_department_responses_update AFTER UPDATE ON department_responses BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_department_responses_delete AFTER DELETE ON department_responses BEGIN UPDATE list_versions SET n = n + 1; END;
CREATE TRIGGER list_versions_users_update AFTER UPDATE OF department_id ON users BEGIN UPDATE list_versions SET n = n + 1; END;
