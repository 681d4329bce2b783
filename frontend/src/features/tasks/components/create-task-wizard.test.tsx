import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { apiPath, problem } from '@/testing/handlers';
import { MemoryRouter } from 'react-router';
import { CreateTaskWizard } from '@/features/tasks/components/create-task-wizard';
import { task } from '@/testing/fixtures';
import { renderApp, renderWithProviders, signIn } from '@/testing/render';
import { typeDate } from '@/testing/select';
import { server } from '@/testing/server';

type S = components['schemas'];

async function pickOption(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  await user.click(screen.getByLabelText(label));
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-dropdown .ant-select-item-option[title="${option}"]`);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  await user.click(item);
}

async function fill(_user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input).toHaveValue(text));
}

describe('create task wizard', () => {
  it("shows the server's min_two next to 协作部门, translated, and goes back to that step", async () => {
    let sent: S['CreateTaskRequest'] | null = null;
    server.use(
      http.post<never, S['CreateTaskRequest']>(apiPath('/api/v1/tasks'), async ({ request }) => {
        sent = await request.json();
        return problem(422, 'validation_failed', { errors: { department_ids: ['min_two'] } });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(
      <MemoryRouter>
        <CreateTaskWizard />
      </MemoryRouter>,
    );

    // ① 基本信息: labels come from the 跨部门协作任务申请表 template.
    expect(await screen.findByText('跨部门协作任务申请表')).toBeInTheDocument();
    await fill(user, screen.getByLabelText('任务名称'), '双十一新品发布');
    await pickOption(user, '协作部门', '市场部');
    await pickOption(user, '协作部门', '研发部');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    // ② 目标与节点
    const goal = await screen.findByLabelText('可衡量目标');
    await waitFor(() => expect(goal).toBeVisible());
    await fill(user, goal, '线上预约 5000 人');
    await typeDate(user, screen.getByLabelText('截止日期'), '2026-12-31');
    await user.click(screen.getByRole('button', { name: /添加里程碑/ }));
    await fill(user, document.querySelector<HTMLElement>('#create-task_milestones_0_name')!, '方案定稿');
    await typeDate(user, document.querySelector<HTMLElement>('#create-task_milestones_0_due')!, '2026-12-10');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.click(await screen.findByRole('button', { name: '下一步' }));

    // ④ 确认 → 保存草稿: the server refuses.
    await user.click(await screen.findByRole('button', { name: '保存草稿' }));
    expect(await screen.findByText('至少选择两个部门')).toBeVisible();
    expect(screen.getByTestId('wizard-step-basic')).toBeVisible();
    expect(screen.getByText('请检查填写的内容。')).toBeInTheDocument();
    expect(sent).toMatchObject({
      scenario: 'cross_department',
      template: 'cross_department_application',
      title: '双十一新品发布',
      due_at: '2026-12-31T15:59:59Z',
      milestones: [{ name: '方案定稿', due_at: '2026-12-10T15:59:59Z' }],
    });
    expect(sent!.department_ids).toHaveLength(3);
    const field = screen.getByLabelText('协作部门').closest('.ant-form-item')!;
    expect(within(field as HTMLElement).getByText('至少选择两个部门')).toBeInTheDocument();
  }, 120_000);

  it('opens a new resource request on its request form, to be filled in next', async () => {
    const created = task({ id: '0193b000-0000-7000-8000-000000000077', scenario: 'resource_request', status: 'draft' });
    let sent: S['CreateTaskRequest'] | null = null;
    server.use(
      http.post<never, S['CreateTaskRequest']>(apiPath('/api/v1/tasks'), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json<S['TaskDto']>(created, { status: 201 });
      }),
      http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json<S['TaskDto']>(created)),
      http.get(apiPath('/api/v1/tasks/:task_id/request'), () => problem(404, 'not_found')),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/tasks/new?form=full');

    await user.click(await screen.findByText('资源申请'));
    await fill(user, screen.getByLabelText('任务名称'), '双十一推广预算');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(screen.getByTestId('wizard-step-goal')).toBeVisible());
    await typeDate(user, screen.getByLabelText('截止日期'), '2026-12-31');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.click(await screen.findByRole('button', { name: '下一步' }));
    expect(await screen.findByText(/保存后将打开「资源申请」/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '保存草稿' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${created.id}`));
    expect(router.state.location.search).toBe('?tab=request');
    expect(sent).toMatchObject({ scenario: 'resource_request', template: null, title: '双十一推广预算' });
    // The request tab is open, with an empty form to fill in.
    expect(await screen.findByTestId('request-line')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '资源申请', selected: true })).toBeInTheDocument();
  }, 120_000);
});
