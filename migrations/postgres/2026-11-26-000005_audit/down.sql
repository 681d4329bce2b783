DROP INDEX notifications_task;
DROP TABLE audit_events;
