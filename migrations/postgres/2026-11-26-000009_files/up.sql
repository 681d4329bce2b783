-- Versioned files of a task (文件共享与版本管理): every upload is a new version whose content is a
-- blob named by its SHA-256; nothing is overwritten. Each file carries its own access rule, and a
-- change log that is readable only by those who may read the file.

CREATE TABLE files (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- collaborators (仅协作成员可见) | owners_edit (仅负责人可编辑) | company_public (企业内公开)
    -- | restricted (the heads of access_departments and the people in access_people).
    access TEXT NOT NULL CHECK (access IN ('collaborators', 'owners_edit', 'company_public', 'restricted')),
    -- JSON arrays of ids.
    access_departments TEXT NOT NULL DEFAULT '[]',
    access_people TEXT NOT NULL DEFAULT '[]',
    -- The number of the newest version.
    current_version INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Soft delete: the file and its versions stay, and can be brought back.
    deleted_at TIMESTAMP,
    deleted_by TEXT REFERENCES users(id),
    -- Optimistic concurrency for changes of name, description and access (If-Match).
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX files_task ON files(task_id, deleted_at, name);
-- One live file per name and task (a second upload under the name is a new version).
CREATE UNIQUE INDEX files_task_name ON files(task_id, name) WHERE deleted_at IS NULL;

CREATE TABLE file_versions (
    id TEXT PRIMARY KEY NOT NULL,
    file_id TEXT NOT NULL REFERENCES files(id),
    number INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- A restore (一键回退) names the version whose content it brought back.
    restored_from INTEGER,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (file_id, number)
);
CREATE INDEX file_versions_sha ON file_versions(sha256);

-- The change log: "9月12日 14:30 销售部 张三 修改了 渠道反馈数据.xlsx（第 3 版）".
CREATE TABLE file_events (
    id TEXT PRIMARY KEY NOT NULL,
    file_id TEXT NOT NULL REFERENCES files(id),
    actor_id TEXT NOT NULL REFERENCES users(id),
    -- The actor's department when it happened.
    actor_department_id TEXT REFERENCES departments(id),
    at TIMESTAMP NOT NULL,
    -- created | version_added | restored | renamed | described | access_changed | deleted | undeleted
    kind TEXT NOT NULL,
    -- The version it made, if any.
    version_number INTEGER,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX file_events_file ON file_events(file_id, at, id);
