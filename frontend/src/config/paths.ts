export const paths = {
  login: '/login',
  dashboard: '/',
  tasks: '/tasks',
  taskNew: '/tasks/new',
  task: '/tasks/:taskId',
  meeting: '/meetings/:meetingId',
  calendar: '/calendar',
  files: '/files',
  cases: '/cases',
  search: '/search',
  case: '/cases/:caseId',
  reports: '/reports',
  exports: '/exports',
  me: '/me',
  adminUsers: '/admin/users',
  adminDepartments: '/admin/departments',
  adminAudit: '/admin/audit',
  adminJobs: '/admin/jobs',
  adminWorkCalendar: '/admin/work-calendar',
  adminLoginLocks: '/admin/login-locks',
  adminApprovalFlows: '/admin/approval-flows',
  approvals: '/approvals',
  helpRequests: '/help-requests',
  weeklySummaries: '/weekly-summaries',
  robots: '/settings/robots',
  webhooks: '/settings/webhooks',
} as const;

export type AppPath = (typeof paths)[keyof typeof paths];

/** The page of one task. */
export const taskPath = (id: string) => `/tasks/${encodeURIComponent(id)}`;

/** The tabs of a task's page that a link can open (`?tab=`). */
export type TaskTab = 'request' | 'files' | 'collections' | 'summary' | 'discussion' | 'meetings';

/** The page of one case in the case library (协作案例库): its id is its top-level task's. */
export const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

/** A task's page with one of its tabs open, e.g. the resource request (资源申请) section. */
export const taskTabPath = (id: string, tab: TaskTab) => `${taskPath(id)}?tab=${tab}`;

/** The page of one meeting. */
export const meetingPath = (id: string) => `/meetings/${encodeURIComponent(id)}`;

/**
 * Filters of the task list that a link can set (the tasks page reads them from the URL).
 * `department_id`: the initiating or a collaborating department; `owner_department_id`: the
 * owner's department (how the efficiency report counts a department's tasks).
 */
export type TaskLinkFilters = {
  department_id?: string;
  owner_department_id?: string;
  scenario?: string;
  overdue?: boolean;
};

/** The task list with some filters set, e.g. a department's overdue tasks from the report. */
export function tasksPath(filters: TaskLinkFilters): string {
  const q = new URLSearchParams();
  if (filters.department_id) q.set('department_id', filters.department_id);
  if (filters.owner_department_id) q.set('owner_department_id', filters.owner_department_id);
  if (filters.scenario) q.set('scenario', filters.scenario);
  if (filters.overdue) q.set('overdue', 'true');
  const query = q.toString();
  return query ? `${paths.tasks}?${query}` : paths.tasks;
}

/** The search page with these words (the top bar's search box goes there). */
export function searchPath(q: string): string {
  return `${paths.search}?${new URLSearchParams({ q }).toString()}`;
}
