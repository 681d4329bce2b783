import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { notificationTarget } from '@/features/notifications/components/notifications-panel';
import { notification } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

function serve(items: S['NotificationDto'][]) {
  server.use(
    http.get(apiPath('/api/v1/notifications'), () =>
      HttpResponse.json<S['NotificationPage']>({ items, next_cursor: null, total: items.length, unread_count: 0 }),
    ),
    http.post(apiPath('/api/v1/notifications/:id/read'), () => new HttpResponse(null, { status: 204 })),
    http.get(apiPath('/api/v1/help-requests'), () => HttpResponse.json<S['HelpRequestList']>({ items: [] })),
    http.get(apiPath('/api/v1/departments/:id/weekly-summaries/:week'), () =>
      HttpResponse.json<S['WeeklySummaryWeek']>({ summary: null, draft: { done: '', problems: '', next_week: '' } }),
    ),
    http.get(apiPath('/api/v1/departments/:id/weekly-summaries'), () =>
      HttpResponse.json<S['WeeklySummaryList']>({ items: [] }),
    ),
  );
}

describe('reminder notifications', () => {
  it('renders the reminder kinds with the server’s title and opens 求助 for help requests', async () => {
    serve([
      notification('n-1', '王芳 向你求助：《双十一新品发布》需要 20 个客户名单', {
        kind: 'help_requested',
        read_at: '2026-11-26T09:00:00Z',
      }),
      notification('n-2', '《双十一新品发布》将于 2 小时后到期', { kind: 'reminder_due_soon', read_at: '2026-11-26T09:00:00Z' }),
      notification('n-3', '紧急任务《双十一新品发布》已升级给分管领导', { kind: 'task_escalated', read_at: '2026-11-26T09:00:00Z' }),
    ]);
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');

    expect(await screen.findByText('《双十一新品发布》将于 2 小时后到期', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText('紧急任务《双十一新品发布》已升级给分管领导')).toBeInTheDocument();
    await user.click(screen.getByText('王芳 向你求助：《双十一新品发布》需要 20 个客户名单'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/help-requests'), SLOW);
    expect(await screen.findByRole('tab', { name: '我收到的' }, SLOW)).toBeInTheDocument();
  }, 60_000);

  it('opens 本周协作总结 for a weekly-summary reminder, which has no task', async () => {
    serve([
      notification('n-1', '请提交销售部本周协作总结', {
        kind: 'weekly_summary_due',
        task_id: null,
        task_title: null,
        actor: null,
        read_at: '2026-11-26T09:00:00Z',
      }),
    ]);
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');

    await user.click(await screen.findByText('请提交销售部本周协作总结', {}, SLOW));
    await waitFor(() => expect(router.state.location.pathname).toBe('/weekly-summaries'), SLOW);
    expect(await screen.findByText('历史周总结', {}, SLOW)).toBeInTheDocument();
  }, 60_000);

  it('leads approval notifications to the task’s request section, where they are decided', () => {
    expect(notificationTarget({ kind: 'approval_requested', task_id: 't-1' })).toBe('/tasks/t-1?tab=request');
    expect(notificationTarget({ kind: 'approval_returned', task_id: 't-1' })).toBe('/tasks/t-1?tab=request');
    expect(notificationTarget({ kind: 'task_published', task_id: 't-1' })).toBe('/tasks/t-1');
  });
});
