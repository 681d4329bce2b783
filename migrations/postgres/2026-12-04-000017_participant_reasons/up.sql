-- A person takes part in a task for each reason that holds (owner, creator, collaborator,
-- parent's owner, help request, escalation): one row per reason, so a reason that ends (a new
-- owner, a collaborator removed) ends only its own row, and the person loses the task when no
-- reason is left. The owner (or an administrator) removes a participant outright.
ALTER TABLE task_participants DROP CONSTRAINT task_participants_pkey;
ALTER TABLE task_participants ADD PRIMARY KEY (task_id, user_id, reason);

-- Every current reason is on record: the owner, the creator, the collaborators, the parent's owner
-- (until now only the first reason of a person was kept).
INSERT INTO task_participants (task_id, user_id, reason)
SELECT t.id, t.owner_id, 'owner' FROM tasks t
WHERE NOT EXISTS (SELECT 1 FROM task_participants p WHERE p.task_id = t.id AND p.user_id = t.owner_id AND p.reason = 'owner');
INSERT INTO task_participants (task_id, user_id, reason)
SELECT t.id, t.created_by, 'creator' FROM tasks t
WHERE NOT EXISTS (SELECT 1 FROM task_participants p WHERE p.task_id = t.id AND p.user_id = t.created_by AND p.reason = 'creator');
INSERT INTO task_participants (task_id, user_id, reason)
SELECT c.task_id, c.user_id, 'collaborator' FROM task_collaborators c
WHERE NOT EXISTS (SELECT 1 FROM task_participants p WHERE p.task_id = c.task_id AND p.user_id = c.user_id AND p.reason = 'collaborator');
INSERT INTO task_participants (task_id, user_id, reason)
SELECT t.id, parent.owner_id, 'parent' FROM tasks t JOIN tasks parent ON parent.id = t.parent_id
WHERE NOT EXISTS (SELECT 1 FROM task_participants p WHERE p.task_id = t.id AND p.user_id = parent.owner_id AND p.reason = 'parent');
-- Reasons that no longer hold go: a former owner, a former collaborator, a former parent owner.
DELETE FROM task_participants
WHERE (reason = 'owner' AND user_id <> (SELECT t.owner_id FROM tasks t WHERE t.id = task_participants.task_id))
   OR (reason = 'collaborator' AND NOT EXISTS (SELECT 1 FROM task_collaborators c WHERE c.task_id = task_participants.task_id AND c.user_id = task_participants.user_id))
   OR (reason = 'parent' AND user_id NOT IN (SELECT parent.owner_id FROM tasks t JOIN tasks parent ON parent.id = t.parent_id WHERE t.id = task_participants.task_id));
