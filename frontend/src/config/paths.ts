export const paths = {
  login: '/login',
  dashboard: '/',
  tasks: '/tasks',
  calendar: '/calendar',
  files: '/files',
  reports: '/reports',
  me: '/me',
  adminUsers: '/admin/users',
  adminDepartments: '/admin/departments',
} as const;

export type AppPath = (typeof paths)[keyof typeof paths];
