import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { marketingDepartment, rdDepartment, task, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];
type User = ReturnType<typeof userEvent.setup>;

const SLOW = { timeout: 20_000 };

function serveTask() {
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json<S['TaskDto']>(task())),
    http.get(apiPath('/api/v1/tasks/:task_id/history'), () =>
      HttpResponse.json<S['HistoryPage']>({ items: [], next_cursor: null }),
    ),
  );
}

async function openForm(user: User) {
  await user.click(await screen.findByRole('button', { name: '求助' }, SLOW));
  return screen.findByRole('dialog', {}, SLOW);
}

async function pickDepartment(user: User, dialog: HTMLElement, name: string) {
  await user.click(within(dialog).getByRole('combobox', { name: '求助部门' }));
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-dropdown .ant-select-item-option[title="${name}"]`);
    if (!found) throw new Error(`no option ${name}`);
    return found;
  }, SLOW);
  await user.click(item);
}

describe('求助 on a task', () => {
  it('asks the chosen department’s head for what is needed', async () => {
    const sent: S['CreateHelpRequest'][] = [];
    serveTask();
    server.use(
      http.post(apiPath('/api/v1/help-requests'), async ({ request }) => {
        const body = (await request.json()) as S['CreateHelpRequest'];
        sent.push(body);
        return HttpResponse.json<S['HelpRequestDto']>(
          {
            id: 'h-1',
            task_id: body.task_id,
            task_title: task().title,
            requester: { id: zhangsan.id, name: zhangsan.name },
            department_id: body.department_id,
            department_name: rdDepartment.name,
            assignee: { id: '0193a000-0000-7000-8000-000000000104', name: '杨帆' },
            what: body.what,
            status: 'open',
            answer: null,
            answered_by: null,
            answered_at: null,
            escalated_to: null,
            escalated_at: null,
            calendar_fallback_years: [],
            created_at: '2026-11-26T08:00:00Z',
          },
          { status: 201 },
        );
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/tasks/${task().id}`);

    const dialog = await openForm(user);
    await pickDepartment(user, dialog, '研发部');
    fireEvent.change(within(dialog).getByLabelText('需要什么'), { target: { value: '  请安排一名前端开发支持 3 天 ' } });
    await user.click(within(dialog).getByRole('button', { name: '发送求助' }));

    expect(await screen.findByText('已向 杨帆 发出求助', {}, SLOW)).toBeInTheDocument();
    expect(sent).toEqual([{ task_id: task().id, department_id: rdDepartment.id, what: '请安排一名前端开发支持 3 天' }]);
  }, 60_000);

  it('says plainly when the department has no head to ask', async () => {
    serveTask();
    server.use(
      http.post(apiPath('/api/v1/help-requests'), () =>
        problem(422, 'validation_failed', { errors: { department_id: ['no_recipients'] } }),
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/tasks/${task().id}`);

    const dialog = await openForm(user);
    await pickDepartment(user, dialog, marketingDepartment.name);
    fireEvent.change(within(dialog).getByLabelText('需要什么'), { target: { value: '物料支持' } });
    await user.click(within(dialog).getByRole('button', { name: '发送求助' }));

    expect(
      await within(dialog).findByText(/该部门还没有设置负责人，无法发出求助/, {}, SLOW),
    ).toBeInTheDocument();
    expect(await within(dialog).findByText('该部门没有负责人', {}, SLOW)).toBeInTheDocument();
    expect(within(dialog).queryByText('请检查填写的内容。')).not.toBeInTheDocument();
  }, 60_000);
});
