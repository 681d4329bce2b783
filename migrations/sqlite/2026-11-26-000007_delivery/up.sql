-- Durable background jobs (deliveries, reminders, exports) and the channels they deliver to.

CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- 'queued' (waiting for run_at), 'running' (leased), 'done', 'dead' (gave up; an admin may retry)
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    -- Which worker holds the job, until when; an expired lease is taken over.
    lease_owner TEXT,
    lease_until TIMESTAMP,
    last_error TEXT,
    -- The same key is never enqueued twice (e.g. event id + channel + recipient).
    idempotency_key TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX jobs_due ON jobs(status, run_at);
CREATE INDEX jobs_lease ON jobs(status, lease_until);

-- Group robots (DingTalk, WeCom, Feishu) of a department or a task. The URL and secret are
-- credentials: written through the API, never read back.
CREATE TABLE robots (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    platform TEXT NOT NULL CHECK (platform IN ('dingtalk', 'wecom', 'feishu')),
    webhook_url TEXT NOT NULL,
    secret TEXT,
    department_id TEXT REFERENCES departments(id),
    task_id TEXT REFERENCES tasks(id),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX robots_department ON robots(department_id);
CREATE INDEX robots_task ON robots(task_id);

-- What each robot sent when: its rate budget (20 a minute for DingTalk and WeCom).
CREATE TABLE robot_sends (
    id TEXT PRIMARY KEY NOT NULL,
    robot_id TEXT NOT NULL REFERENCES robots(id),
    at TIMESTAMP NOT NULL,
    -- How many messages the send carried (a digest carries several).
    messages INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX robot_sends_robot ON robot_sends(robot_id, at);

-- Outgoing webhooks of integrators: event types, a URL, an HMAC secret.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    -- Comma-separated event kinds; '*' for all.
    event_types TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks(owner_id);

-- Every attempt to deliver to a webhook, for its owner to see.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    event_id TEXT NOT NULL,
    event_kind TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, at);

-- Which channels a user wants notifications on (absent = on). Strong reminders ignore them.
CREATE TABLE channel_preferences (
    user_id TEXT NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL CHECK (channel IN ('mail', 'robot')),
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, channel)
);
