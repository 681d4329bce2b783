import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { marketingDepartment, rdDepartment, salesDepartment, task, zhangsan } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { pickOption, typeDate } from '@/testing/select';
import { server } from '@/testing/server';
import { setupFastUser } from '@/testing/user';

type S = components['schemas'];

const YANG = rdDepartment.heads[0]!;

describe('quick create', () => {
  it('creates a cross-department task on one page with a subtask per department, then publishes it', async () => {
    const created = task({ id: '0193b000-0000-7000-8000-0000000000c1', status: 'draft', title: 'Q3新品推广方案联合制定' });
    const calls: { what: string; body?: unknown }[] = [];
    server.use(
      http.post(apiPath('/api/v1/tasks'), async ({ request }) => {
        calls.push({ what: 'task', body: await request.json() });
        return HttpResponse.json<S['TaskDto']>(created, { status: 201 });
      }),
      http.post(apiPath('/api/v1/tasks/:task_id/subtasks'), async ({ request }) => {
        calls.push({ what: 'subtask', body: await request.json() });
        return HttpResponse.json<S['TaskDto']>(task({ id: '0193b000-0000-7000-8000-0000000000c2', parent_id: created.id }), {
          status: 201,
        });
      }),
      http.post(apiPath('/api/v1/tasks/:task_id/publish'), () => {
        calls.push({ what: 'publish' });
        return HttpResponse.json<S['TaskDto']>({ ...created, status: 'published' });
      }),
      http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json<S['TaskDto']>(created)),
      http.get(apiPath('/api/v1/users'), ({ request }) => {
        const dept = new URL(request.url).searchParams.get('department_id');
        const items = dept === rdDepartment.id ? [{ ...zhangsan, id: YANG.id, name: YANG.name }] : [zhangsan];
        return HttpResponse.json({ items, next_cursor: null, total: items.length });
      }),
    );
    signIn();
    const user = setupFastUser();
    const { router } = renderApp('/tasks/new');

    const name = await screen.findByLabelText('任务名称', {}, { timeout: 20_000 });
    await user.type(name, 'Q3新品推广方案联合制定');
    // 销售部 (张三's) is there already; add 市场部 and 研发部.
    const departments = screen.getByLabelText('协作部门');
    await pickOption(user, departments, '市场部');
    await pickOption(user, departments, '研发部');
    await typeDate(user, screen.getByLabelText('截止日期'), '2026-12-31');
    await user.click(screen.getByRole('switch'));

    // A subtask per department: 张三 owns his department's, the heads the others'.
    const rows = within(await screen.findByTestId('quick-subtasks')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('销售部：Q3新品推广方案联合制定'),
      expect.stringContaining('市场部：Q3新品推广方案联合制定'),
      expect.stringContaining('研发部：Q3新品推广方案联合制定'),
    ]);
    await waitFor(() => expect(rows[2]).toHaveTextContent('杨帆'));
    expect(rows[0]).toHaveTextContent('张三');

    await user.click(screen.getByRole('button', { name: '创建并发布' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${created.id}`));
    expect(calls.map((c) => c.what)).toEqual(['task', 'subtask', 'subtask', 'subtask', 'publish']);
    expect(calls[0]!.body).toMatchObject({
      scenario: 'cross_department',
      template: null,
      title: 'Q3新品推广方案联合制定',
      department_ids: [salesDepartment.id, marketingDepartment.id, rdDepartment.id],
      owner_id: zhangsan.id,
      priority: 'medium',
      due_at: '2026-12-31T15:59:59Z',
    });
    expect(calls.slice(1, 4).map((c) => (c.body as { owner_id: string }).owner_id)).toEqual([
      zhangsan.id,
      marketingDepartment.heads[0]!.id,
      YANG.id,
    ]);
    expect(calls[3]!.body).toMatchObject({ title: '研发部：Q3新品推广方案联合制定', department_ids: [rdDepartment.id], due_at: created.due_at });
  }, 120_000);

  it('asks for two departments and a deadline before anything is sent, and links to the full form', async () => {
    let sent = 0;
    server.use(
      http.post(apiPath('/api/v1/tasks'), () => {
        sent += 1;
        return HttpResponse.json({}, { status: 500 });
      }),
    );
    signIn();
    const user = setupFastUser();
    const { router } = renderApp('/tasks/new');
    await user.type(await screen.findByLabelText('任务名称', {}, { timeout: 20_000 }), '月度对账');
    await user.click(screen.getByRole('button', { name: '创建并发布' }));
    expect(await screen.findByText('至少选择两个部门')).toBeInTheDocument();
    expect(await screen.findByText('此项为必填项')).toBeInTheDocument();
    expect(sent).toBe(0);

    await user.click(screen.getByRole('link', { name: '使用完整申请表（分步填写）' }));
    await waitFor(() => expect(router.state.location.search).toBe('?form=full'));
    expect(await screen.findByTestId('wizard-step-basic')).toBeInTheDocument();
  }, 120_000);
});
