-- 收集 (routine information sync): what an info-sync task collects from departments or people,
-- in rounds with deadlines. A one-off collection has one round; a recurring one (weekly, monthly
-- on the Nth working day, quarterly) gets a round per period, opened once by the scheduler
-- (UNIQUE (collection_id, period) makes a second process's insert a no-op).
CREATE TABLE collections (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    instructions TEXT NOT NULL DEFAULT '',
    -- A file of the task to download, fill in and hand back.
    template_file_id TEXT REFERENCES files(id),
    -- JSON: what a submission holds: files (how many, which types, how large) and form fields.
    spec TEXT NOT NULL,
    -- JSON: who must submit: departments (answered for by named people, else their heads) and people.
    submitters TEXT NOT NULL,
    -- JSON: one deadline, or the rule of a recurring collection's deadlines.
    schedule TEXT NOT NULL,
    recurrence TEXT NOT NULL CHECK (recurrence IN ('once', 'weekly', 'monthly', 'quarterly')),
    allow_late BOOLEAN NOT NULL,
    -- The first reminder, this many working minutes before a deadline.
    remind_before_minutes BIGINT NOT NULL,
    -- A stopped collection opens no more rounds.
    is_active BOOLEAN NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX collections_task ON collections(task_id, created_at);
CREATE INDEX collections_recurring ON collections(is_active, recurrence, id);

CREATE TABLE collection_rounds (
    id TEXT PRIMARY KEY NOT NULL,
    collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    -- 'once', or the period: '2026-12' (monthly), '2026-W49' (weekly), '2026-Q4' (quarterly).
    period TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    UNIQUE (collection_id, period)
);
CREATE INDEX collection_rounds_due ON collection_rounds(state, due_at);

-- One row per round and unit that must submit (a department or a person), made with the round:
-- the collector's matrix is these rows.
CREATE TABLE collection_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES collection_rounds(id) ON DELETE CASCADE,
    collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    department_id TEXT REFERENCES departments(id),
    person_id TEXT REFERENCES users(id),
    position INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'accepted', 'returned')),
    -- JSON object: the form's answers by field key.
    answers TEXT NOT NULL,
    -- JSON array: the files handed in ({file_id, name}: the task's file and its original name).
    files TEXT NOT NULL,
    submitted_by TEXT REFERENCES users(id),
    submitted_at TIMESTAMP,
    is_late BOOLEAN NOT NULL,
    reviewed_by TEXT REFERENCES users(id),
    reviewed_at TIMESTAMP,
    review_comment TEXT,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    CHECK ((department_id IS NULL) <> (person_id IS NULL))
);
CREATE INDEX collection_submissions_round ON collection_submissions(round_id, position, id);
CREATE UNIQUE INDEX collection_submissions_department ON collection_submissions(round_id, department_id) WHERE department_id IS NOT NULL;
CREATE UNIQUE INDEX collection_submissions_person ON collection_submissions(round_id, person_id) WHERE person_id IS NOT NULL;

-- Who answers for each submission (resolved when its round opens): they upload, submit and are
-- reminded.
CREATE TABLE collection_answerers (
    submission_id TEXT NOT NULL REFERENCES collection_submissions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    round_id TEXT NOT NULL REFERENCES collection_rounds(id) ON DELETE CASCADE,
    PRIMARY KEY (submission_id, user_id)
);
CREATE INDEX collection_answerers_user ON collection_answerers(user_id, round_id);

-- The people who must submit take part in the task (they see it and their own submissions).
ALTER TABLE task_participants DROP CONSTRAINT task_participants_reason_check;
ALTER TABLE task_participants ADD CONSTRAINT task_participants_reason_check
    CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent', 'help_request', 'escalation', 'approver', 'approval_cc', 'submitter'));
