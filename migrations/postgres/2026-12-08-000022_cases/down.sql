DROP INDEX tasks_done_roots;
DROP INDEX tasks_cases;
ALTER TABLE tasks DROP COLUMN archived_at;
DROP TABLE task_tags;
DROP TABLE task_summaries;
