DROP INDEX notifications_awaiting_ack;
DROP INDEX task_milestones_open_due;
DROP INDEX tasks_emergency_waiting;
DROP INDEX tasks_open_due;
