import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { paths } from '@/config/paths';
import { AdminApprovalFlowsRoute } from '@/app/routes/admin-approval-flows';
import { AdminAuditRoute } from '@/app/routes/admin-audit';
import { AdminDepartmentsRoute } from '@/app/routes/admin-departments';
import { AdminJobsRoute } from '@/app/routes/admin-jobs';
import { AdminLoginLocksRoute } from '@/app/routes/admin-login-locks';
import { AdminUsersRoute } from '@/app/routes/admin-users';
import { AdminWorkCalendarRoute } from '@/app/routes/admin-work-calendar';
import { AppLayout } from '@/app/routes/app-layout';
import { ApprovalsRoute } from '@/app/routes/approvals';
import { CalendarRoute } from '@/app/routes/calendar';
import { CaseRoute, CasesRoute } from '@/app/routes/cases';
import { FilesRoute } from '@/app/routes/files';
import { DashboardRoute } from '@/app/routes/dashboard';
import { ExportsRoute } from '@/app/routes/exports';
import { RequireAdmin, RequireAuth } from '@/app/routes/guards';
import { HelpRequestsRoute } from '@/app/routes/help-requests';
import { LoginRoute } from '@/app/routes/login';
import { MeetingRoute } from '@/app/routes/meeting';
import { MeRoute } from '@/app/routes/me';
import { ReportsRoute } from '@/app/routes/reports';
import { SearchRoute } from '@/app/routes/search';
import { SettingsRobotsRoute } from '@/app/routes/settings-robots';
import { SettingsWebhooksRoute } from '@/app/routes/settings-webhooks';
import { TaskDetailRoute } from '@/app/routes/task-detail';
import { TaskNewRoute } from '@/app/routes/task-new';
import { TasksRoute } from '@/app/routes/tasks';
import { WeeklySummariesRoute } from '@/app/routes/weekly-summaries';

export const routes: RouteObject[] = [
  { path: paths.login, element: <LoginRoute /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <DashboardRoute /> },
          { path: paths.tasks, element: <TasksRoute /> },
          { path: paths.taskNew, element: <TaskNewRoute /> },
          { path: paths.task, element: <TaskDetailRoute /> },
          { path: paths.meeting, element: <MeetingRoute /> },
          { path: paths.approvals, element: <ApprovalsRoute /> },
          { path: paths.helpRequests, element: <HelpRequestsRoute /> },
          { path: paths.weeklySummaries, element: <WeeklySummariesRoute /> },
          { path: paths.calendar, element: <CalendarRoute /> },
          { path: paths.files, element: <FilesRoute /> },
          { path: paths.cases, element: <CasesRoute /> },
          { path: paths.case, element: <CaseRoute /> },
          { path: paths.search, element: <SearchRoute /> },
          { path: paths.reports, element: <ReportsRoute /> },
          { path: paths.exports, element: <ExportsRoute /> },
          { path: paths.me, element: <MeRoute /> },
          { path: paths.webhooks, element: <SettingsWebhooksRoute /> },
          { path: paths.robots, element: <SettingsRobotsRoute /> },
          {
            element: <RequireAdmin />,
            children: [
              { path: paths.adminUsers, element: <AdminUsersRoute /> },
              { path: paths.adminDepartments, element: <AdminDepartmentsRoute /> },
              { path: paths.adminAudit, element: <AdminAuditRoute /> },
              { path: paths.adminJobs, element: <AdminJobsRoute /> },
              { path: paths.adminWorkCalendar, element: <AdminWorkCalendarRoute /> },
              { path: paths.adminLoginLocks, element: <AdminLoginLocksRoute /> },
              { path: paths.adminApprovalFlows, element: <AdminApprovalFlowsRoute /> },
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
