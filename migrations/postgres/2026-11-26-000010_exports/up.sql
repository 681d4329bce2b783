-- Excel exports made by the job worker: requested, then generated into the blob store, then
-- downloadable by whoever asked until they expire.
CREATE TABLE exports (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('efficiency_report', 'task_list', 'task_progress', 'meeting_minutes')),
    -- The filters, as JSON.
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
    expires_at TIMESTAMP
);
CREATE INDEX exports_user ON exports(user_id, created_at);
CREATE INDEX exports_expiry ON exports(status, expires_at);
CREATE INDEX exports_sha ON exports(sha256);
