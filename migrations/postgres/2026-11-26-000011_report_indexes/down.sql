DROP INDEX tasks_report_node;
DROP INDEX tasks_report_done;
DROP INDEX tasks_report_due;
ALTER TABLE task_schedule DROP COLUMN critical;
