export const paths = {
  login: '/login',
  dashboard: '/',
  tasks: '/tasks',
  taskNew: '/tasks/new',
  task: '/tasks/:taskId',
  meeting: '/meetings/:meetingId',
  calendar: '/calendar',
  files: '/files',
  reports: '/reports',
  me: '/me',
  adminUsers: '/admin/users',
  adminDepartments: '/admin/departments',
  adminAudit: '/admin/audit',
  adminJobs: '/admin/jobs',
  adminWorkCalendar: '/admin/work-calendar',
  helpRequests: '/help-requests',
  weeklySummaries: '/weekly-summaries',
  robots: '/settings/robots',
  webhooks: '/settings/webhooks',
} as const;

export type AppPath = (typeof paths)[keyof typeof paths];

/** The page of one task. */
export const taskPath = (id: string) => `/tasks/${encodeURIComponent(id)}`;

/** The page of one meeting. */
export const meetingPath = (id: string) => `/meetings/${encodeURIComponent(id)}`;
