import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { rdDepartment, salesDepartment, task, zhangsan } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const OTHER_OWNER = { id: '0193a000-0000-7000-8000-0000000009aa', name: '王芳' };

function response(overrides: Partial<S['DepartmentResponseDto']> = {}): S['DepartmentResponseDto'] {
  return {
    department_id: salesDepartment.id,
    department_name: salesDepartment.name,
    state: 'pending',
    asked_at: '2026-11-26T01:00:00Z',
    answer_by: '2026-11-26T03:00:00Z',
    late: false,
    responded_by: null,
    responded_at: null,
    reason: null,
    subtask_id: null,
    subtask_title: null,
    subtask_owner_name: null,
    can_respond: true,
    ...overrides,
  };
}

/** The task of 王芳 that asks 销售部 (张三 heads it here) and 研发部. */
function serve(items: S['DepartmentResponseDto'][], posted: { path: string; body: unknown }[]) {
  let current = items;
  const dto = task({
    owner: OTHER_OWNER,
    capabilities: { can_edit: false, can_update_progress: false, can_split: true, can_delete: false },
  });
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(dto)),
    http.get(apiPath('/api/v1/tasks/:task_id/department-responses'), () => HttpResponse.json({ items: current })),
    http.get(apiPath('/api/v1/users'), ({ request }) => {
      const dept = new URL(request.url).searchParams.get('department_id');
      const items = dept === salesDepartment.id ? [zhangsan] : [];
      return HttpResponse.json({ items, next_cursor: null, total: items.length });
    }),
    http.post<{ task_id: string; department_id: string; what: string }>(
      apiPath('/api/v1/tasks/:task_id/department-responses/:department_id/:what'),
      async ({ request, params }) => {
        const body = await request.json();
        posted.push({ path: params.what, body });
        current = current.map((r) =>
          r.department_id !== params.department_id
            ? r
            : params.what === 'accept'
              ? response({
                  state: 'accepted',
                  answer_by: null,
                  can_respond: false,
                  responded_by: { id: zhangsan.id, name: zhangsan.name },
                  subtask_id: '0193b000-0000-7000-8000-0000000000aa',
                  subtask_title: '销售部：Q3新品推广方案联合制定',
                  subtask_owner_name: zhangsan.name,
                })
              : response({ state: 'declined', answer_by: null, reason: (body as { reason: string }).reason }),
        );
        return HttpResponse.json({ items: current });
      },
    ),
  );
}

describe('collaborating departments answer a task', () => {
  it('lets a head accept for the department and name its owner, and says who does the part', async () => {
    const posted: { path: string; body: unknown }[] = [];
    serve([response(), response({ department_id: rdDepartment.id, department_name: '研发部', can_respond: false, late: true })], posted);
    signIn();
    renderApp(`/tasks/${task().id}`);

    const box = await screen.findByTestId('department-responses', {}, { timeout: 20_000 });
    expect(within(box).getByText('销售部需要你的响应：接受并指定负责人，或说明原因拒绝。')).toBeInTheDocument();
    expect(within(box).getByText('2 个部门待响应')).toBeInTheDocument();
    expect(within(box).getByText('超时未响应')).toBeInTheDocument();
    // Who may not post progress is told who does.
    expect(screen.getByTestId('progress-by-owner')).toHaveTextContent('进度由负责人 王芳 更新');

    const user = userEvent.setup();
    await user.click(within(box).getByRole('button', { name: /^接\s?受$/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('代表销售部接受')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox'));
    await user.click(await screen.findByTitle('张三'));
    await user.click(within(dialog).getByRole('button', { name: /^接\s?受$/ }));

    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.path).toBe('accept');
    // The default deadline is the task's own, sent as "none" so it is kept to the minute.
    expect(posted[0]!.body).toMatchObject({ owner_id: zhangsan.id, title: null, due_at: null });
    expect(await within(box).findByText('已接受')).toBeInTheDocument();
    expect(within(box).getByText('销售部：Q3新品推广方案联合制定')).toBeInTheDocument();
  });

  it('asks a reason to decline and shows it to everyone who sees the task', async () => {
    const posted: { path: string; body: unknown }[] = [];
    serve([response()], posted);
    signIn();
    renderApp(`/tasks/${task().id}`);

    const box = await screen.findByTestId('department-responses', {}, { timeout: 20_000 });
    const user = userEvent.setup();
    await user.click(within(box).getByRole('button', { name: /^拒\s?绝$/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: /^拒\s?绝$/ }));
    expect(await within(dialog).findByText(/必填|required/i)).toBeInTheDocument();
    expect(posted).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox'), '本月展会排满');
    await user.click(within(dialog).getByRole('button', { name: /^拒\s?绝$/ }));
    await waitFor(() => expect(posted).toEqual([{ path: 'decline', body: { reason: '本月展会排满' } }]));
    expect(await within(box).findByText('已拒绝')).toBeInTheDocument();
    expect(within(box).getByText('：本月展会排满')).toBeInTheDocument();
  });
});
