DROP INDEX notifications_report;
DROP INDEX reminder_fires_rule;
CREATE INDEX reminder_fires_rule ON reminder_fires(rule, fired_at);
DROP INDEX tasks_report_node;
CREATE INDEX tasks_report_node ON tasks(id, owner_id, completed_at, deleted_at, status, due_at, visibility, scenario);
DROP INDEX tasks_report_owner_due;
DROP INDEX tasks_owner_status;
CREATE INDEX tasks_owner_status ON tasks(owner_id, status);
