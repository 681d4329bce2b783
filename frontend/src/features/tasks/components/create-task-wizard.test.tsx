import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { apiPath, problem } from '@/testing/handlers';
import { MemoryRouter } from 'react-router';
import { CreateTaskWizard } from '@/features/tasks/components/create-task-wizard';
import { renderWithProviders, signIn } from '@/testing/render';
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

async function typeDate(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, day: string) {
  fireEvent.mouseDown(input);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: day } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  await user.keyboard('{Escape}');
  await waitFor(() => expect(input).toHaveValue(day));
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
});
