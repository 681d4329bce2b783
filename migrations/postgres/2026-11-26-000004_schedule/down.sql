DROP INDEX task_dependencies_successor_root;
DROP INDEX task_dependencies_predecessor_root;
ALTER TABLE task_dependencies DROP COLUMN successor_root_id;
ALTER TABLE task_dependencies DROP COLUMN predecessor_root_id;
DROP TABLE task_schedule;
