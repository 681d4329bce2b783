-- The conversation on a task (comments, replies, mentions, attachments), the live event log that
-- feeds /events, meetings with invitations and minutes, and private calendar feeds.

CREATE TABLE comments (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    -- One level of replies: a reply's parent is a top-level comment.
    parent_id TEXT REFERENCES comments(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    -- Markdown as written; rendered and sanitized when read.
    body TEXT NOT NULL,
    pinned_at TIMESTAMP,
    pinned_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    -- Soft delete: the thread keeps its shape, the text goes.
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX comments_task ON comments(task_id, created_at, id);
CREATE INDEX comments_parent ON comments(parent_id, created_at, id);

-- Every earlier text of an edited comment.
CREATE TABLE comment_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    comment_id TEXT NOT NULL REFERENCES comments(id),
    body TEXT NOT NULL,
    -- When this text was replaced.
    replaced_at TIMESTAMP NOT NULL
);
CREATE INDEX comment_revisions_comment ON comment_revisions(comment_id, replaced_at);

-- Mentions are ids chosen from a picker, never parsed from the text.
CREATE TABLE comment_mentions (
    comment_id TEXT NOT NULL REFERENCES comments(id),
    -- 'user' or 'department'
    target_type TEXT NOT NULL CHECK (target_type IN ('user', 'department')),
    target_id TEXT NOT NULL,
    -- For a department: all its members, not only its heads.
    all_members BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (comment_id, target_type, target_id)
);

-- Files attached to a comment (uploaded first, then named in the comment).
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    comment_id TEXT REFERENCES comments(id),
    uploader_id TEXT NOT NULL REFERENCES users(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    -- The content's SHA-256: the name of the blob in the file store.
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_task ON attachments(task_id, created_at);
CREATE INDEX attachments_comment ON attachments(comment_id);

-- Meetings scheduled from a task (发起会议), with minutes (会议纪要).
CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    organizer_id TEXT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    duration_minutes INTEGER NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    -- iCalendar SEQUENCE: raised by every change participants must see.
    sequence INTEGER NOT NULL DEFAULT 0,
    discussion TEXT NOT NULL DEFAULT '',
    decisions TEXT NOT NULL DEFAULT '',
    minutes_by TEXT REFERENCES users(id),
    minutes_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX meetings_task ON meetings(task_id, starts_at);

CREATE TABLE meeting_participants (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_participants_user ON meeting_participants(user_id);

-- Action items of the minutes; each may become a subtask of the meeting's task.
CREATE TABLE meeting_action_items (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users(id),
    due_at TIMESTAMP NOT NULL,
    subtask_id TEXT REFERENCES tasks(id)
);
CREATE INDEX meeting_action_items_meeting ON meeting_action_items(meeting_id, position);

-- A private calendar feed per user: only the token's hash is kept; a new token revokes the old.
CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- What /events streams: new notifications (user_id set) and changes to tasks (task_id set; each
-- subscriber gets those of tasks it may see). `seq` is the SSE event id: it grows in commit order
-- (SQLite writers are serialized; PostgreSQL writers take an advisory lock before inserting).
CREATE TABLE live_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT,
    task_id TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX live_events_created ON live_events(created_at);
