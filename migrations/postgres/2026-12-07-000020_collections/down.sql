DELETE FROM task_participants WHERE reason = 'submitter';
ALTER TABLE task_participants DROP CONSTRAINT task_participants_reason_check;
ALTER TABLE task_participants ADD CONSTRAINT task_participants_reason_check
    CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation', 'approver', 'approval_cc'));
DROP TABLE collection_answerers;
DROP TABLE collection_submissions;
DROP TABLE collection_rounds;
DROP TABLE collections;
