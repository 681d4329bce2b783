DELETE FROM task_participants p USING task_participants q
WHERE p.task_id = q.task_id AND p.user_id = q.user_id AND p.reason > q.reason;
ALTER TABLE task_participants DROP CONSTRAINT task_participants_pkey;
ALTER TABLE task_participants ADD PRIMARY KEY (task_id, user_id);
