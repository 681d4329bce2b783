DELETE FROM exports WHERE kind = 'approval_form';
ALTER TABLE exports DROP CONSTRAINT exports_kind_check;
ALTER TABLE exports ADD CONSTRAINT exports_kind_check
    CHECK (kind IN ('efficiency_report', 'task_list', 'task_progress', 'meeting_minutes'));
