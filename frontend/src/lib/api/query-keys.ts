/**
 * The query keys live updates refresh. The features build their keys from these and the
 * live-update hook (`lib/live/use-live-updates.ts`) matches on them, so a key is refreshed by the
 * events that touch it because both sides use the same definitions (a test keeps features from
 * writing these roots by hand).
 */

/** Everything about tasks starts with this: one invalidation refreshes lists and task pages. */
export const tasksKey = ['tasks'] as const;

/**
 * Lists of tasks (and the Files page, `file_list`, whose rows hang off tasks): any task's change
 * may move a row in or out of them. `hand_ins`: what I must hand in to collections (待我提交),
 * which a task's collection events change. `cases`: the case library (archived tasks and their
 * facet counts), which archiving, reopening or tagging any task changes. `deadlines`: the
 * deadlines and milestones of my tasks in 日程, which any change of a date or status moves.
 */
export const TASK_LISTS = ['list', 'mine', 'search', 'file_list', 'hand_ins', 'cases', 'deadlines'] as const;
export type TaskList = (typeof TASK_LISTS)[number];

/**
 * Parts of one task's page. `detail` and `graph` show the whole tree (a subtask's change shows on
 * its ancestors' pages), the others only their task. `summary`: its 协作总结; `case`: its page in
 * the case library (the case's id is its top-level task's).
 */
export const TASK_PARTS = [
  'detail',
  'graph',
  'comments',
  'files',
  'history',
  'participants',
  'responses',
  'request',
  'collections',
  'summary',
  'case',
] as const;
export type TaskPart = (typeof TASK_PARTS)[number];
export const TREE_PARTS: readonly TaskPart[] = ['detail', 'graph'];

/** `['tasks', list, ...more]`: a list of tasks and what narrows it. */
export const taskListKey = <T extends readonly unknown[]>(list: TaskList, ...more: T) =>
  [...tasksKey, list, ...more] as const;

/** `['tasks', part, taskId, ...more]`: one part of one task's page. */
export const taskPartKey = <T extends readonly unknown[]>(part: TaskPart, taskId: string, ...more: T) =>
  [...tasksKey, part, taskId, ...more] as const;

/** All meeting queries start with this, so one invalidation refreshes lists and pages. */
export const meetingsKey = ['meetings'] as const;

/**
 * The approvals page: its boxes and their counts. A task's resource request itself is a task part
 * (`request`); an approval event on any task may move lines between these boxes.
 */
export const approvalsKey = ['approvals'] as const;

/** The inbox and the bell. */
export const notificationsKey = ['notifications'] as const;
