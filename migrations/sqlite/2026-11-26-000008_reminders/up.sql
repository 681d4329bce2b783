-- The reminder engine: the working calendar, the ledger that makes every reminder fire once,
-- help requests between departments, and weekly summaries.

-- Days that differ from "Monday to Friday": holidays (working = FALSE) and make-up working days
-- (调休, working = TRUE). Local dates of the company's time zone. Administrators edit them; the
-- official mainland China schedule for 2025 and 2026 is shipped below.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY NOT NULL,
    working BOOLEAN NOT NULL,
    name TEXT NOT NULL DEFAULT ''
);

-- One row per reminder that fired: (rule, subject, slot) in `key`. A reminder fires only by
-- inserting its key, in the same transaction as its notification, so several processes never
-- send it twice. Breaches of the acknowledgement rule are rows of rule 'ack_breach'.
CREATE TABLE reminder_fires (
    key TEXT PRIMARY KEY NOT NULL,
    rule TEXT NOT NULL,
    task_id TEXT,
    user_id TEXT,
    fired_at TIMESTAMP NOT NULL
);
CREATE INDEX reminder_fires_rule ON reminder_fires(rule, fired_at);
CREATE INDEX reminder_fires_task ON reminder_fires(task_id, rule);

-- 求助: a request to another department's head, answered or escalated.
CREATE TABLE help_requests (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    requester_id TEXT NOT NULL REFERENCES users(id),
    department_id TEXT NOT NULL REFERENCES departments(id),
    -- The head asked (the department's first head at the time).
    assignee_id TEXT NOT NULL REFERENCES users(id),
    what TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'escalated')),
    answer TEXT,
    answered_by TEXT REFERENCES users(id),
    answered_at TIMESTAMP,
    escalated_to TEXT REFERENCES users(id),
    escalated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX help_requests_open ON help_requests(status, created_at);
CREATE INDEX help_requests_assignee ON help_requests(assignee_id, created_at);
CREATE INDEX help_requests_requester ON help_requests(requester_id, created_at);

-- 本周协作总结: one per department and week (the Monday of the week, local date).
CREATE TABLE weekly_summaries (
    id TEXT PRIMARY KEY NOT NULL,
    department_id TEXT NOT NULL REFERENCES departments(id),
    week_start TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    done TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_week TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (department_id, week_start)
);

INSERT INTO calendar_days (day, working, name) VALUES
    ('2025-01-01', FALSE, '元旦'),
    ('2025-01-26', TRUE, '春节调休上班'),
    ('2025-01-28', FALSE, '春节'),
    ('2025-01-29', FALSE, '春节'),
    ('2025-01-30', FALSE, '春节'),
    ('2025-01-31', FALSE, '春节'),
    ('2025-02-01', FALSE, '春节'),
    ('2025-02-02', FALSE, '春节'),
    ('2025-02-03', FALSE, '春节'),
    ('2025-02-04', FALSE, '春节'),
    ('2025-02-08', TRUE, '春节调休上班'),
    ('2025-04-04', FALSE, '清明节'),
    ('2025-04-05', FALSE, '清明节'),
    ('2025-04-06', FALSE, '清明节'),
    ('2025-04-27', TRUE, '劳动节调休上班'),
    ('2025-05-01', FALSE, '劳动节'),
    ('2025-05-02', FALSE, '劳动节'),
    ('2025-05-03', FALSE, '劳动节'),
    ('2025-05-04', FALSE, '劳动节'),
    ('2025-05-05', FALSE, '劳动节'),
    ('2025-05-31', FALSE, '端午节'),
    ('2025-06-01', FALSE, '端午节'),
    ('2025-06-02', FALSE, '端午节'),
    ('2025-09-28', TRUE, '国庆节调休上班'),
    ('2025-10-01', FALSE, '国庆节、中秋节'),
    ('2025-10-02', FALSE, '国庆节、中秋节'),
    ('2025-10-03', FALSE, '国庆节、中秋节'),
    ('2025-10-04', FALSE, '国庆节、中秋节'),
    ('2025-10-05', FALSE, '国庆节、中秋节'),
    ('2025-10-06', FALSE, '国庆节、中秋节'),
    ('2025-10-07', FALSE, '国庆节、中秋节'),
    ('2025-10-08', FALSE, '国庆节、中秋节'),
    ('2025-10-11', TRUE, '国庆节调休上班'),
    ('2026-01-01', FALSE, '元旦'),
    ('2026-01-02', FALSE, '元旦'),
    ('2026-01-03', FALSE, '元旦'),
    ('2026-01-04', TRUE, '元旦调休上班'),
    ('2026-02-14', TRUE, '春节调休上班'),
    ('2026-02-15', FALSE, '春节'),
    ('2026-02-16', FALSE, '春节'),
    ('2026-02-17', FALSE, '春节'),
    ('2026-02-18', FALSE, '春节'),
    ('2026-02-19', FALSE, '春节'),
    ('2026-02-20', FALSE, '春节'),
    ('2026-02-21', FALSE, '春节'),
    ('2026-02-22', FALSE, '春节'),
    ('2026-02-23', FALSE, '春节'),
    ('2026-02-28', TRUE, '春节调休上班'),
    ('2026-04-04', FALSE, '清明节'),
    ('2026-04-05', FALSE, '清明节'),
    ('2026-04-06', FALSE, '清明节'),
    ('2026-05-01', FALSE, '劳动节'),
    ('2026-05-02', FALSE, '劳动节'),
    ('2026-05-03', FALSE, '劳动节'),
    ('2026-05-04', FALSE, '劳动节'),
    ('2026-05-05', FALSE, '劳动节'),
    ('2026-05-09', TRUE, '劳动节调休上班'),
    ('2026-06-19', FALSE, '端午节'),
    ('2026-06-20', FALSE, '端午节'),
    ('2026-06-21', FALSE, '端午节'),
    ('2026-09-20', TRUE, '国庆节调休上班'),
    ('2026-09-25', FALSE, '中秋节'),
    ('2026-09-26', FALSE, '中秋节'),
    ('2026-09-27', FALSE, '中秋节'),
    ('2026-10-01', FALSE, '国庆节'),
    ('2026-10-02', FALSE, '国庆节'),
    ('2026-10-03', FALSE, '国庆节'),
    ('2026-10-04', FALSE, '国庆节'),
    ('2026-10-05', FALSE, '国庆节'),
    ('2026-10-06', FALSE, '国庆节'),
    ('2026-10-07', FALSE, '国庆节'),
    ('2026-10-10', TRUE, '国庆节调休上班');

-- People pulled into a task by a help request or an escalation take part in it (and see it).
CREATE TABLE task_participants_new (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation')),
    PRIMARY KEY (task_id, user_id)
);
INSERT INTO task_participants_new (task_id, user_id, reason) SELECT task_id, user_id, reason FROM task_participants;
DROP TABLE task_participants;
ALTER TABLE task_participants_new RENAME TO task_participants;
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);
