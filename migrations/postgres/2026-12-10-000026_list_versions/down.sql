DROP TRIGGER list_versions_users ON users;
DROP TRIGGER list_versions_department_responses ON department_responses;
DROP TRIGGER list_versions_task_collaborators ON task_collaborators;
DROP TRIGGER list_versions_task_participants ON task_participants;
DROP TRIGGER list_versions_task_departments ON task_departments;
DROP TRIGGER list_versions_tasks ON tasks;
DROP FUNCTION list_versions_bump();
DROP TABLE list_versions;
