import { lazy, Suspense, useState, type ComponentType } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { PageSpinner } from '@/components/ui/query-fallback';
import { StatusPage } from '@/components/ui/status-page';
import { paths } from '@/config/paths';
import { RequireAdmin, RequireAuth } from '@/app/routes/guards';
import { LoginRoute } from '@/app/routes/login';

/**
 * A page whose code loads when it is first shown: the sign-in page carries none of the app, and
 * the task list none of the reports, Gantt or admin pages. `load` imports the page's module
 * and picks its component.
 */
function page(load: () => Promise<ComponentType>) {
  const Page = lazy(() => load().then((Component) => ({ default: Component })));
  return (
    <Suspense fallback={<PageSpinner />}>
      <Page />
    </Suspense>
  );
}

export const routes: RouteObject[] = [
  { path: paths.login, element: <LoginRoute /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: page(() => import('@/app/routes/app-layout').then((m) => m.AppLayout)),
        children: [
          { index: true, element: page(() => import('@/app/routes/dashboard').then((m) => m.DashboardRoute)) },
          { path: paths.tasks, element: page(() => import('@/app/routes/tasks').then((m) => m.TasksRoute)) },
          { path: paths.taskNew, element: page(() => import('@/app/routes/task-new').then((m) => m.TaskNewRoute)) },
          { path: paths.task, element: page(() => import('@/app/routes/task-detail').then((m) => m.TaskDetailRoute)) },
          { path: paths.meeting, element: page(() => import('@/app/routes/meeting').then((m) => m.MeetingRoute)) },
          {
            path: paths.approvals,
            element: page(() => import('@/app/routes/approvals').then((m) => m.ApprovalsRoute)),
          },
          {
            path: paths.helpRequests,
            element: page(() => import('@/app/routes/help-requests').then((m) => m.HelpRequestsRoute)),
          },
          {
            path: paths.weeklySummaries,
            element: page(() => import('@/app/routes/weekly-summaries').then((m) => m.WeeklySummariesRoute)),
          },
          { path: paths.calendar, element: page(() => import('@/app/routes/calendar').then((m) => m.CalendarRoute)) },
          { path: paths.files, element: page(() => import('@/app/routes/files').then((m) => m.FilesRoute)) },
          { path: paths.cases, element: page(() => import('@/app/routes/cases').then((m) => m.CasesRoute)) },
          { path: paths.case, element: page(() => import('@/app/routes/cases').then((m) => m.CaseRoute)) },
          { path: paths.search, element: page(() => import('@/app/routes/search').then((m) => m.SearchRoute)) },
          { path: paths.reports, element: page(() => import('@/app/routes/reports').then((m) => m.ReportsRoute)) },
          { path: paths.exports, element: page(() => import('@/app/routes/exports').then((m) => m.ExportsRoute)) },
          { path: paths.me, element: page(() => import('@/app/routes/me').then((m) => m.MeRoute)) },
          {
            path: paths.webhooks,
            element: page(() => import('@/app/routes/settings-webhooks').then((m) => m.SettingsWebhooksRoute)),
          },
          {
            path: paths.robots,
            element: page(() => import('@/app/routes/settings-robots').then((m) => m.SettingsRobotsRoute)),
          },
          {
            element: <RequireAdmin />,
            children: [
              {
                path: paths.adminUsers,
                element: page(() => import('@/app/routes/admin-users').then((m) => m.AdminUsersRoute)),
              },
              {
                path: paths.adminDepartments,
                element: page(() => import('@/app/routes/admin-departments').then((m) => m.AdminDepartmentsRoute)),
              },
              {
                path: paths.adminAudit,
                element: page(() => import('@/app/routes/admin-audit').then((m) => m.AdminAuditRoute)),
              },
              {
                path: paths.adminJobs,
                element: page(() => import('@/app/routes/admin-jobs').then((m) => m.AdminJobsRoute)),
              },
              {
                path: paths.adminWorkCalendar,
                element: page(() => import('@/app/routes/admin-work-calendar').then((m) => m.AdminWorkCalendarRoute)),
              },
              {
                path: paths.adminLoginLocks,
                element: page(() => import('@/app/routes/admin-login-locks').then((m) => m.AdminLoginLocksRoute)),
              },
              {
                path: paths.adminApprovalFlows,
                element: page(() => import('@/app/routes/admin-approval-flows').then((m) => m.AdminApprovalFlowsRoute)),
              },
            ],
          },
          { path: '*', element: <StatusPage status={404} /> },
        ],
      },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
