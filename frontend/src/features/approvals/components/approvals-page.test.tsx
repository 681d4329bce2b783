import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { approvalItem } from '@/features/approvals/testing/fixtures';
import type { components } from '@/lib/api/schema';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

describe('审批 page', () => {
  it('shows each box’s count on its tab, lists what waits for me page by page, and links each line to the task’s request', async () => {
    const asked: { box: string | null; cursor: string | null }[] = [];
    server.use(
      http.get(apiPath('/api/v1/approvals/counts'), () =>
        HttpResponse.json<S['ApprovalCountsDto']>({ todo: 3, done: 12, mine: 1, cc: 0 }),
      ),
      http.get(apiPath('/api/v1/approvals'), ({ request }) => {
        const url = new URL(request.url);
        const box = url.searchParams.get('box');
        const cursor = url.searchParams.get('cursor');
        asked.push({ box, cursor });
        if (box !== 'todo') return HttpResponse.json<S['ApprovalList']>({ items: [], next_cursor: null });
        return HttpResponse.json<S['ApprovalList']>(
          cursor === 'page-2'
            ? { items: [approvalItem(3, { submission_number: 2 })], next_cursor: null }
            : { items: [approvalItem(1), approvalItem(2, { total: null, current_step_name: '部门负责人审批' })], next_cursor: 'page-2' },
        );
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/approvals');

    expect(await screen.findByRole('tab', { name: '待我审批 (3)' }, SLOW)).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: '我已处理 (12)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '我发起的 (1)' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '抄送我的 (0)' })).toBeInTheDocument();
    // In the main menu.
    expect(screen.getByRole('menuitem', { name: /审批/ })).toBeInTheDocument();

    const first = await screen.findByRole('link', { name: '推广预算申请 1' }, SLOW);
    expect(first).toHaveAttribute('href', `/tasks/${approvalItem(1).task_id}?tab=request`);
    const row1 = first.closest('tr')!;
    expect(within(row1).getByText('王芳')).toBeInTheDocument();
    // The amount is the API's decimal string with grouping, never a float.
    expect(within(row1).getByText('¥10,000.00')).toBeInTheDocument();
    expect(within(row1).getByText('审批中')).toBeInTheDocument();
    expect(within(row1).getByText('财务会签')).toBeInTheDocument();
    // 01:00 UTC is 09:00 in Asia/Shanghai.
    expect(within(row1).getByText(/09:00/)).toBeInTheDocument();
    const row2 = screen.getByRole('link', { name: '推广预算申请 2' }).closest('tr')!;
    expect(within(row2).getByText('部门负责人审批')).toBeInTheDocument();
    expect(within(row2).getByText('—')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '加载更多' }));
    const third = await screen.findByRole('link', { name: '推广预算申请 3' }, SLOW);
    expect(within(third.closest('tr')!).getByText('第 2 次提交')).toBeInTheDocument();
    expect(asked.filter((a) => a.box === 'todo').map((a) => a.cursor)).toEqual([null, 'page-2']);
    await waitFor(() => expect(screen.queryByRole('button', { name: '加载更多' })).not.toBeInTheDocument());

    await user.click(screen.getByRole('tab', { name: '抄送我的 (0)' }));
    expect(await screen.findByText('还没有抄送给你的申请', {}, SLOW)).toBeInTheDocument();
    expect(asked.some((a) => a.box === 'cc')).toBe(true);
  }, 60_000);

  it('shows my decision and comment in 我已处理', async () => {
    server.use(
      http.get(apiPath('/api/v1/approvals/counts'), () =>
        HttpResponse.json<S['ApprovalCountsDto']>({ todo: 0, done: 1, mine: 0, cc: 0 }),
      ),
      http.get(apiPath('/api/v1/approvals'), ({ request }) => {
        const box = new URL(request.url).searchParams.get('box');
        return HttpResponse.json<S['ApprovalList']>({
          items:
            box === 'done'
              ? [approvalItem(4, { status: 'returned', my_state: 'returned', my_comment: '请补充投放计划' })]
              : [],
          next_cursor: null,
        });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/approvals');

    expect(await screen.findByText('没有待你审批的申请', {}, SLOW)).toBeInTheDocument();
    await user.click(await screen.findByRole('tab', { name: '我已处理 (1)' }, SLOW));
    const row = (await screen.findByRole('link', { name: '推广预算申请 4' }, SLOW)).closest('tr')!;
    expect(within(row).getAllByText('已退回')).toHaveLength(2);
    expect(within(row).getByText('请补充投放计划')).toBeInTheDocument();
  }, 60_000);
});
