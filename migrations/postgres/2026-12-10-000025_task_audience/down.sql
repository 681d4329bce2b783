DROP TRIGGER task_audience_department ON task_departments;
DROP TRIGGER task_audience_participant ON task_participants;
DROP TRIGGER task_audience_task ON tasks;
DROP FUNCTION task_audience_on_department();
DROP FUNCTION task_audience_on_participant();
DROP FUNCTION task_audience_on_task();
DROP FUNCTION task_audience_refresh(TEXT[]);
DROP VIEW task_audience_rows;
DROP TABLE task_audience;
