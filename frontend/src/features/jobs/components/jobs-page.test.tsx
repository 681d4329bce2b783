import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { admin } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

function job(id: string, overrides: Partial<S['JobDto']> = {}): S['JobDto'] {
  return {
    id,
    kind: 'mail',
    status: 'dead',
    attempts: 8,
    max_attempts: 8,
    run_at: '2026-11-26T08:00:00Z',
    last_error: 'smtp: 550 mailbox unavailable',
    created_at: '2026-11-26T07:00:00Z',
    updated_at: '2026-11-26T08:00:00Z',
    ...overrides,
  };
}

function rowOf(text: string): HTMLElement {
  const row = screen.getByText(text).closest('tr');
  if (!row) throw new Error(`no row ${text}`);
  return row;
}

// The machine running the suite may be busy: give the UI time to answer.
const SLOW = { timeout: 20_000 };

describe('background jobs', () => {
  it('lists failed jobs first, pages with the cursor, filters by kind and retries a dead job', async () => {
    const asked: URLSearchParams[] = [];
    const retried: string[] = [];
    const dead = [job('j-1'), job('j-2', { kind: 'robot', last_error: 'dingtalk errcode 310000' })];
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/jobs'), ({ request }) => {
        const q = new URL(request.url).searchParams;
        asked.push(q);
        if (q.get('cursor') === 'c-2') {
          return HttpResponse.json<S['JobPage']>({
            items: [job('j-3', { kind: 'webhook', last_error: 'HTTP 500' })],
            next_cursor: null,
            total: 3,
          });
        }
        const items = dead.filter((j) => !q.get('kind') || j.kind === q.get('kind'));
        return HttpResponse.json<S['JobPage']>({
          items,
          next_cursor: q.get('kind') ? null : 'c-2',
          total: q.get('kind') ? items.length : 3,
        });
      }),
      http.post(apiPath('/api/v1/jobs/:id/retry'), ({ params }) => {
        retried.push(String(params['id']));
        return HttpResponse.json(job(String(params['id']), { status: 'queued', attempts: 0 }));
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/admin/jobs');

    expect(await screen.findByText('smtp: 550 mailbox unavailable', {}, SLOW)).toBeInTheDocument();
    expect(asked[0]?.get('status')).toBe('dead');
    expect(screen.getByText('后台任务', { selector: '.ant-card-head-title' })).toBeInTheDocument();
    const first = rowOf('smtp: 550 mailbox unavailable');
    expect(within(first).getByText('邮件')).toBeInTheDocument();
    expect(within(first).getByText('失败任务')).toBeInTheDocument();
    expect(within(first).getByText('8/8')).toBeInTheDocument();
    // run_at 08:00 UTC is 16:00 in Asia/Shanghai.
    expect(within(first).getAllByText(/16:00/).length).toBeGreaterThan(0);
    expect(screen.getByText('共 3 条')).toBeInTheDocument();
    // In the admin menu, next to 审计日志.
    expect(screen.getByRole('link', { name: '后台任务' })).toHaveAttribute('href', '/admin/jobs');

    await user.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('HTTP 500', {}, SLOW)).toBeInTheDocument();
    expect(asked.some((q) => q.get('cursor') === 'c-2' && q.get('status') === 'dead')).toBe(true);
    expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument();

    await user.click(within(rowOf('dingtalk errcode 310000')).getByRole('button', { name: /重\s*试/ }));
    await waitFor(() => expect(retried).toEqual(['j-2']), SLOW);
    expect(await screen.findByText('已重新排队', {}, SLOW)).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: '按类型筛选' }));
    await user.click(await screen.findByTitle('群机器人', {}, SLOW));
    await waitFor(() => expect(asked.some((q) => q.get('kind') === 'robot' && q.get('status') === 'dead')).toBe(true), SLOW);
    await waitFor(() => expect(screen.queryByText('smtp: 550 mailbox unavailable')).not.toBeInTheDocument(), SLOW);
    expect(await screen.findByText('共 1 条', {}, SLOW)).toBeInTheDocument();
  }, 90_000);

  it('says when a job is no longer dead and shows no retry for other statuses', async () => {
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/jobs'), ({ request }) => {
        const status = new URL(request.url).searchParams.get('status');
        const items =
          status === 'queued'
            ? [job('j-9', { status: 'queued', attempts: 1, last_error: 'timeout' })]
            : [job('j-1')];
        return HttpResponse.json<S['JobPage']>({ items, next_cursor: null, total: items.length });
      }),
      http.post(apiPath('/api/v1/jobs/:id/retry'), () => problem(409, 'invalid_transition')),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/admin/jobs');
    await screen.findByText('smtp: 550 mailbox unavailable', {}, SLOW);
    await user.click(within(rowOf('smtp: 550 mailbox unavailable')).getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('当前状态不能这样变更', {}, SLOW)).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: '按状态筛选' }));
    await user.click(await screen.findByTitle('排队中', {}, SLOW));
    await screen.findByText('timeout', {}, SLOW);
    const queued = rowOf('timeout');
    expect(within(queued).getByText('1/8')).toBeInTheDocument();
    expect(within(queued).queryByRole('button', { name: /重\s*试/ })).not.toBeInTheDocument();
  }, 90_000);

  it('is for administrators only', async () => {
    signIn();
    renderApp('/admin/jobs');
    expect(await screen.findByText('无权访问', {}, SLOW)).toBeInTheDocument();
  }, 30_000);
});
