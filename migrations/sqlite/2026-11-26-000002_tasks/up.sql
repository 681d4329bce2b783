-- Cross-department tasks, their people, milestones, progress timeline, history, the domain-event
-- outbox and in-app notifications.
CREATE TABLE tasks (
    id TEXT PRIMARY KEY NOT NULL,
    parent_id TEXT REFERENCES tasks(id),
    -- The top-level task of the tree (itself for a top-level task).
    root_id TEXT NOT NULL,
    depth INTEGER NOT NULL DEFAULT 0,
    scenario TEXT NOT NULL CHECK (scenario IN ('cross_department', 'emergency', 'resource_request', 'info_sync')),
    template TEXT,
    title TEXT NOT NULL,
    goal TEXT NOT NULL DEFAULT '',
    -- Lower-cased title and goal, for substring search on both engines.
    search_key TEXT NOT NULL,
    initiating_department_id TEXT REFERENCES departments(id),
    owner_id TEXT NOT NULL REFERENCES users(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    -- 0 high, 1 medium, 2 low: sorts in the order people mean.
    priority_rank INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'in_progress', 'pending_review', 'done', 'archived', 'cancelled')),
    percent INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    start_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    resources TEXT NOT NULL DEFAULT '',
    risks TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'normal' CHECK (visibility IN ('normal', 'public', 'confidential')),
    review_rounds INTEGER NOT NULL DEFAULT 0,
    published_at TIMESTAMP,
    completed_at TIMESTAMP,
    deleted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_root ON tasks(root_id);
CREATE INDEX tasks_owner_status ON tasks(owner_id, status);
CREATE INDEX tasks_status_due ON tasks(status, due_at, id);
CREATE INDEX tasks_due ON tasks(due_at, id);
CREATE INDEX tasks_created ON tasks(created_at, id);
CREATE INDEX tasks_updated ON tasks(updated_at, id);
CREATE INDEX tasks_priority ON tasks(priority_rank, id);
CREATE INDEX tasks_initiating ON tasks(initiating_department_id);
-- Company-public tasks are few; everyone's task list asks for them.
CREATE INDEX tasks_public ON tasks(visibility) WHERE visibility = 'public';

CREATE TABLE task_departments (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    department_id TEXT NOT NULL REFERENCES departments(id),
    PRIMARY KEY (task_id, department_id)
);
CREATE INDEX task_departments_department ON task_departments(department_id, task_id);

CREATE TABLE task_collaborators (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (task_id, user_id)
);
CREATE INDEX task_collaborators_user ON task_collaborators(user_id, task_id);

-- The people named on a task (owner, collaborators, creator, the owner of its parent). The heads
-- and members of its departments take part through task_departments, so later members are in too.
CREATE TABLE task_participants (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL CHECK (reason IN ('owner', 'collaborator', 'creator', 'parent')),
    PRIMARY KEY (task_id, user_id)
);
CREATE INDEX task_participants_user ON task_participants(user_id, task_id);

CREATE TABLE task_milestones (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP
);
CREATE INDEX task_milestones_task ON task_milestones(task_id, position);

CREATE TABLE task_progress (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    percent INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX task_progress_task ON task_progress(task_id, created_at);

-- One row per changed field; old and new values as display text (JSON for lists).
CREATE TABLE task_history (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES users(id),
    actor_department_id TEXT,
    at TIMESTAMP NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX task_history_task ON task_history(task_id, at, id);

-- Domain events, written in the transaction that caused them.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    task_id TEXT,
    actor_id TEXT,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    processed_at TIMESTAMP
);
CREATE INDEX outbox_pending ON outbox(processed_at, created_at);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    task_id TEXT,
    actor_id TEXT,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    acked_at TIMESTAMP
);
CREATE UNIQUE INDEX notifications_event_user ON notifications(event_id, user_id);
CREATE INDEX notifications_user ON notifications(user_id, created_at, id);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
