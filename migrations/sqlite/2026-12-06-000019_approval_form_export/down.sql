DELETE FROM exports WHERE kind = 'approval_form';
CREATE TABLE exports_old (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('efficiency_report', 'task_list', 'task_progress', 'meeting_minutes')),
    params TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired')),
    file_name TEXT NOT NULL,
    sha256 TEXT,
    size_bytes BIGINT,
    row_count BIGINT,
    error TEXT,
    created_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    expires_at TIMESTAMP,
    error_code TEXT
);
INSERT INTO exports_old SELECT id, user_id, kind, params, status, file_name, sha256, size_bytes, row_count, error,
    created_at, started_at, finished_at, expires_at, error_code FROM exports;
DROP TABLE exports;
ALTER TABLE exports_old RENAME TO exports;
CREATE INDEX exports_user ON exports(user_id, created_at);
CREATE INDEX exports_expiry ON exports(status, expires_at);
CREATE INDEX exports_sha ON exports(sha256);
