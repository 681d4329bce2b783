DELETE FROM task_participants WHERE reason IN ('help_request', 'escalation');
ALTER TABLE task_participants DROP CONSTRAINT task_participants_reason_check;
ALTER TABLE task_participants ADD CONSTRAINT task_participants_reason_check
    CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent'));
DROP TABLE weekly_summaries;
DROP TABLE help_requests;
DROP TABLE reminder_fires;
DROP TABLE calendar_days;
