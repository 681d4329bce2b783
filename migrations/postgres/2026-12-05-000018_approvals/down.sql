DELETE FROM task_participants WHERE reason IN ('approver', 'approval_cc');
ALTER TABLE task_participants DROP CONSTRAINT task_participants_reason_check;
ALTER TABLE task_participants ADD CONSTRAINT task_participants_reason_check
    CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation'));
DROP TABLE approval_copies;
DROP TABLE approval_assignments;
DROP TABLE request_submissions;
DROP TABLE resource_requests;
DROP TABLE approval_flows;
