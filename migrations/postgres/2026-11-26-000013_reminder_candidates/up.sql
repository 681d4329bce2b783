-- What the reminder engine looks at each minute, as partial indexes that hold only the rows still
-- waiting: open tasks by due time, open milestones, emergencies nobody started, and notices
-- awaiting an acknowledgement. Each tick reads them a page at a time and skips, in SQL, what the
-- ledger (reminder_fires) says already fired, so the work per tick follows what is due, not the
-- size of the company's history. The WHERE clauses are repeated word for word by the queries in
-- backend/src/db/reminders.rs (SQLite uses a partial index only for a query that says the same).
CREATE INDEX tasks_open_due ON tasks(due_at, id)
    WHERE deleted_at IS NULL AND published_at IS NOT NULL AND status IN ('published', 'in_progress', 'pending_review');
CREATE INDEX tasks_emergency_waiting ON tasks(published_at, id)
    WHERE deleted_at IS NULL AND status = 'published' AND scenario = 'emergency';
CREATE INDEX task_milestones_open_due ON task_milestones(due_at, id) WHERE done_at IS NULL;
CREATE INDEX notifications_awaiting_ack ON notifications(created_at, id)
    WHERE acked_at IS NULL AND kind IN ('task_assigned', 'reminder_due_soon', 'reminder_overdue', 'task_escalated', 'help_requested', 'weekly_summary_due');
