-- 审批流: the flows administrators define. The first active flow (by position) whose conditions
-- match a request serves it; its steps (JSON: name, mode, approver rules, people copied, a
-- condition that skips the step) are resolved to people when a request is submitted.
CREATE TABLE approval_flows (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    conditions TEXT NOT NULL,
    steps TEXT NOT NULL,
    -- Each step's SLA on the working calendar.
    sla_minutes BIGINT NOT NULL,
    is_active BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX approval_flows_order ON approval_flows(is_active, position);

-- 资源申请: the request form of a resource-request task (one per task) and where it stands.
CREATE TABLE resource_requests (
    task_id TEXT PRIMARY KEY NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn')),
    -- JSON: lines (kind, description, amount in minor units, quantity, days), departments asked,
    -- justification, needed-by date.
    form TEXT NOT NULL,
    -- The sum of the budget lines (minor units) and their one currency, for conditions and lists.
    total_minor BIGINT,
    currency TEXT,
    form_revision BIGINT NOT NULL,
    initiator_id TEXT NOT NULL REFERENCES users(id),
    current_submission_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX resource_requests_initiator ON resource_requests(initiator_id, updated_at);

-- Every submission is kept: what was submitted (the form and the flow as resolved) and how it ended.
CREATE TABLE request_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    flow_id TEXT NOT NULL REFERENCES approval_flows(id),
    flow_name TEXT NOT NULL,
    form TEXT NOT NULL,
    form_revision BIGINT NOT NULL,
    -- JSON: the steps as resolved (name, mode, approver ids, copied ids, SLA minutes).
    steps TEXT NOT NULL,
    current_step INTEGER,
    submitted_by TEXT NOT NULL REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn')),
    ended_at TIMESTAMP,
    ended_by TEXT REFERENCES users(id),
    end_comment TEXT,
    last_nudged_at TIMESTAMP,
    UNIQUE (task_id, number)
);
CREATE INDEX request_submissions_mine ON request_submissions(submitted_by, submitted_at);

-- One approver's place in one step of a submission, with their decision.
CREATE TABLE approval_assignments (
    id TEXT PRIMARY KEY NOT NULL,
    submission_id TEXT NOT NULL REFERENCES request_submissions(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    approver_id TEXT NOT NULL REFERENCES users(id),
    state TEXT NOT NULL CHECK (state IN ('waiting', 'pending', 'approved', 'rejected', 'returned', 'transferred', 'skipped')),
    origin TEXT NOT NULL CHECK (origin IN ('flow', 'transfer', 'added_before', 'added_after')),
    -- Who transferred or added them.
    via_id TEXT REFERENCES users(id),
    -- An approver waiting behind one added before them (前加签) waits on that assignment.
    blocked_by TEXT,
    -- When the request began to wait on them (for the SLA and the time taken), when its SLA on the
    -- working calendar passes (due_at) and when it goes to their supervisor (escalate_at, twice
    -- the SLA), computed when it began; and when each of those was told (once).
    activated_at TIMESTAMP,
    due_at TIMESTAMP,
    escalate_at TIMESTAMP,
    overdue_sent_at TIMESTAMP,
    escalated_at TIMESTAMP,
    acted_at TIMESTAMP,
    comment TEXT,
    -- Decided without acting: they approved the previous step already.
    automatic BOOLEAN NOT NULL,
    -- The form revision they decided on.
    seen_revision BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX approval_assignments_inbox ON approval_assignments(approver_id, state, activated_at);
CREATE INDEX approval_assignments_submission ON approval_assignments(submission_id, step);
CREATE INDEX approval_assignments_due ON approval_assignments(state, due_at) WHERE overdue_sent_at IS NULL;
CREATE INDEX approval_assignments_escalate ON approval_assignments(state, escalate_at) WHERE escalated_at IS NULL;

-- People copied (抄送), once the step that copies them is approved (or at the end).
CREATE TABLE approval_copies (
    submission_id TEXT NOT NULL REFERENCES request_submissions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    copied_at TIMESTAMP NOT NULL,
    PRIMARY KEY (submission_id, user_id)
);
CREATE INDEX approval_copies_user ON approval_copies(user_id, copied_at);

-- Approvers and people copied take part in the task (they see it and its files).
CREATE TABLE task_participants_new (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation', 'approver', 'approval_cc')),
    PRIMARY KEY (task_id, user_id, reason)
);
INSERT INTO task_participants_new (task_id, user_id, reason) SELECT task_id, user_id, reason FROM task_participants;
DROP TABLE task_participants;
ALTER TABLE task_participants_new RENAME TO task_participants;
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);
