import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { task, taskSummary, zhangsan } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { pickOption } from '@/testing/select';
import { server } from '@/testing/server';

type S = components['schemas'];

describe('拆分子任务', () => {
  it('starts a subtask the day after the sibling it waits for and adds that dependency', async () => {
    // 用户调研 is due 10 Dec (end of day in Shanghai); the parent on 31 Dec.
    const research = taskSummary({ id: 'sub-1', parent_id: task().id, title: '用户调研', due_at: '2026-12-10T15:59:59Z' });
    const parent = task({ subtasks: [research], subtask_count: 1 });
    const posted: { subtask?: S['CreateSubtaskRequest']; dependency?: unknown } = {};
    server.use(
      http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(parent)),
      http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
      http.post(apiPath('/api/v1/tasks/:task_id/subtasks'), async ({ request }) => {
        posted.subtask = (await request.json()) as S['CreateSubtaskRequest'];
        return HttpResponse.json(task({ id: 'sub-2', parent_id: parent.id, title: '方案设计' }), { status: 201 });
      }),
      http.post(apiPath('/api/v1/tasks/:task_id/dependencies'), async ({ request, params }) => {
        posted.dependency = { task: params.task_id, ...((await request.json()) as object) };
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/tasks/${parent.id}`);
    await user.click(await screen.findByRole('button', { name: '拆分子任务' }, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('任务名称'), '方案设计');
    await pickOption(user, within(dialog).getByLabelText('负责人'), `${zhangsan.name}（${zhangsan.department_name}）`);
    await pickOption(user, within(dialog).getByLabelText('在哪个子任务完成后开始'), '用户调研');
    // The start follows the sibling's deadline: the next day.
    expect(within(dialog).getByLabelText('开始日期')).toHaveValue('2026-12-11');
    await user.click(screen.getByRole('button', { name: /^新\s?建$/ }));
    await waitFor(() => expect(posted.dependency).toBeDefined(), { timeout: 20_000 });
    // 00:00 on 11 Dec in Shanghai; the deadline defaults to the parent's last day.
    expect(posted.subtask).toMatchObject({ title: '方案设计', start_at: '2026-12-10T16:00:00Z', due_at: '2026-12-31T15:59:59Z' });
    expect(posted.dependency).toEqual({ task: 'sub-2', predecessor_id: 'sub-1', kind: 'finish_to_start', lag_days: 0 });
  }, 60_000);

  it('warns when the sibling it waits for leaves it no time before the task is due', async () => {
    const late = taskSummary({ id: 'sub-1', parent_id: task().id, title: '渠道铺货', due_at: task().due_at });
    server.use(
      http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task({ subtasks: [late], subtask_count: 1 }))),
      http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/tasks/${task().id}`);
    await user.click(await screen.findByRole('button', { name: '拆分子任务' }, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog');
    await pickOption(user, within(dialog).getByLabelText('在哪个子任务完成后开始'), '渠道铺货');
    expect(await within(dialog).findByText(/本子任务没有时间了/)).toBeInTheDocument();
  }, 60_000);
});
