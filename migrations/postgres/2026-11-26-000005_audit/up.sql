-- Security-relevant events, append-only: sign-ins and failures, tokens, sessions, role and
-- permission changes, access to confidential tasks. Nothing in the application updates or
-- deletes a row.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    -- Who acted (NULL for a failed sign-in to an unknown account).
    actor_id TEXT REFERENCES users(id),
    kind TEXT NOT NULL,
    -- What it was about: a user, a token, a department, a task.
    subject_type TEXT,
    subject_id TEXT,
    -- Details as JSON (e.g. the email of a failed sign-in, the fields a change touched).
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at ON audit_events(at, id);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at, id);
CREATE INDEX audit_events_kind ON audit_events(kind, at, id);

-- Who was told about a task: when fewer people may see it, their notifications about it go.
CREATE INDEX notifications_task ON notifications(task_id, user_id);
