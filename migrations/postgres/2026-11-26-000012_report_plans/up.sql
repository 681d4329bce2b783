-- Plans for the efficiency report over a year of 100k tasks: every figure is read per owner
-- (users in department order, then that user's tasks) from an index that holds all the columns
-- the figure needs, so a report groups by department without sorting and never reads task rows.
DROP INDEX tasks_owner_status;
CREATE INDEX tasks_owner_status ON tasks(owner_id, status, due_at, deleted_at, visibility, scenario);
CREATE INDEX tasks_report_owner_due ON tasks(owner_id, due_at, status, deleted_at, visibility, scenario, completed_at);
DROP INDEX tasks_report_node;
CREATE INDEX tasks_report_node ON tasks(id, owner_id, completed_at, deleted_at, status, due_at, visibility, scenario, start_at);
DROP INDEX reminder_fires_rule;
CREATE INDEX reminder_fires_rule ON reminder_fires(rule, fired_at, task_id, user_id);
CREATE INDEX notifications_report ON notifications(user_id, kind, acked_at, created_at);
-- Fresh statistics for the new indexes, so the planner does not weigh them against old ones
-- blindly (on SQLite that picked a plan that read task rows the index already holds).
ANALYZE tasks;
ANALYZE notifications;
ANALYZE reminder_fires;
