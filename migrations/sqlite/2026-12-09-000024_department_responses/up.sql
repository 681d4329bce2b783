-- A collaborating department's answer to a published top-level task: its head accepts (and
-- gives the work an owner, as a subtask of the department) or declines with a reason the task's
-- owner sees. Pending from the moment the department is asked (publication, or added later);
-- the acknowledgement clock runs from `asked_at`.
CREATE TABLE department_responses (
    task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    department_id TEXT NOT NULL REFERENCES departments(id),
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined')),
    asked_at TIMESTAMP NOT NULL,
    responded_by TEXT REFERENCES users(id),
    responded_at TIMESTAMP,
    -- Why the department declined.
    reason TEXT,
    -- The subtask that carries the department's work once accepted.
    subtask_id TEXT REFERENCES tasks(id) ON DELETE SET NULL,
    PRIMARY KEY (task_id, department_id)
);
-- 待我处理 of a department's heads, and the reminder rule's scan.
CREATE INDEX department_responses_pending ON department_responses(department_id, state, task_id);
CREATE INDEX department_responses_asked ON department_responses(state, asked_at);
