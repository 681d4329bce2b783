import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { financeDepartment, gm } from '@/features/approvals/testing/fixtures';
import type { components } from '@/lib/api/schema';
import { admin, marketingDepartment, rdDepartment, salesDepartment } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];
type User = ReturnType<typeof userEvent.setup>;

const SLOW = { timeout: 20_000 };

const gmUser: S['UserDto'] = {
  ...admin,
  id: gm.id,
  name: gm.name,
  email: 'gm@demo.tandem.cn',
  role: 'member',
  department_id: null,
  department_name: null,
};

function flow(overrides: Partial<S['FlowDto']> = {}): S['FlowDto'] {
  return {
    id: '0193f000-0000-7000-8000-000000000001',
    name: '预算申请审批',
    description: '',
    position: 1,
    conditions: { resource_kinds: ['budget'], department_ids: [] },
    steps: [
      { name: '部门负责人审批', mode: 'single', approvers: [{ kind: 'initiator_head' }], cc: [], when: null },
      {
        name: '总经理审批',
        mode: 'single',
        approvers: [{ kind: 'user', user_id: gm.id }],
        cc: [],
        when: { resource_kinds: [], department_ids: [], min_amount: '50000', currency: 'CNY' },
      },
    ],
    sla_working_hours: 9,
    is_active: true,
    version: 4,
    created_at: '2026-11-20T02:00:00Z',
    updated_at: '2026-11-20T02:00:00Z',
    ...overrides,
  };
}

/** An administrator on 审批流, with 财务部 among the departments and 赵总 among the people. */
function serve(flows: S['FlowDto'][]) {
  server.use(
    http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin, { headers: { ETag: `"${admin.version}"` } })),
    http.get(apiPath('/api/v1/departments'), () =>
      HttpResponse.json<S['DepartmentPage']>({
        items: [salesDepartment, marketingDepartment, rdDepartment, financeDepartment],
        next_cursor: null,
        total: 4,
      }),
    ),
    http.get(apiPath('/api/v1/users'), () => HttpResponse.json<S['UserPage']>({ items: [gmUser], next_cursor: null, total: 1 })),
    http.get(apiPath('/api/v1/users/:id'), () => HttpResponse.json<S['UserDto']>(gmUser)),
    http.get(apiPath('/api/v1/approval-flows'), () => HttpResponse.json<S['FlowList']>({ items: flows })),
    http.get(apiPath('/api/v1/approval-flows/:id'), () =>
      HttpResponse.json<S['FlowDto']>(flows[0], { headers: { ETag: `"${flows[0]!.version}"` } }),
    ),
  );
}

/** A select's input by its aria-label (faster than getByRole in a large form; antd labels its wrapper too). */
function combobox(container: HTMLElement, name: string): HTMLElement {
  const found = within(container)
    .getAllByLabelText(name)
    .find((e) => e.getAttribute('role') === 'combobox');
  if (!found) throw new Error(`no select ${name}`);
  return found;
}

/** A button by its text (faster than getByRole in a large form). */
function button(container: Pick<typeof screen, 'getByText'>, text: string): HTMLElement {
  return container.getByText(text).closest('button')!;
}

/** Opens a select and clicks one of its options in the open dropdown (closed ones stay in the DOM). */
async function pick(user: User, combobox: HTMLElement, option: string) {
  await user.click(combobox);
  const item = await waitFor(() => {
    const found = [
      ...document.querySelectorAll<HTMLElement>(
        `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`,
      ),
    ].pop();
    if (!found) throw new Error(`no option ${option}`);
    return found;
  }, SLOW);
  await user.click(item);
}

describe('审批流 designer', () => {
  it('builds the JSON the API expects for a two-step flow: a 会签 step, then a step only from 50,000 CNY', async () => {
    const created: S['FlowBody'][] = [];
    serve([]);
    server.use(
      http.post(apiPath('/api/v1/approval-flows'), async ({ request }) => {
        const body = (await request.json()) as S['FlowBody'];
        created.push(body);
        return HttpResponse.json<S['FlowDto']>(flow({ name: body.name }), { status: 201 });
      }),
    );
    signIn();
    // The designer is a large form: skip user-event's style checks, which are slow in jsdom.
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderApp('/admin/approval-flows');

    expect(await screen.findByText('还没有审批流：没有审批流时资源申请无法提交', {}, SLOW)).toBeInTheDocument();
    await user.click(button(screen, '新建审批流'));
    const drawer = await screen.findByRole('dialog', { name: '新建审批流' }, SLOW);
    fireEvent.change(within(drawer).getByLabelText('名称'), { target: { value: ' 预算申请审批 ' } });

    // Step 1: 会签 by the initiator's head and 财务部's head; the initiator's head is copied too.
    const [step1] = within(drawer).getAllByTestId('flow-step');
    fireEvent.change(within(step1!).getByLabelText('环节名称'), { target: { value: '部门与财务会签' } });
    await user.click(within(step1!).getByText('会签（全部同意）'));
    expect(within(step1!).getByLabelText('会签（全部同意）')).toBeChecked();
    await user.click(button(within(step1!), '添加审批人'));
    await pick(user, combobox(step1!, '第 1 步审批人 2 的类型'), '指定部门的负责人');
    await pick(user, await waitFor(() => combobox(step1!, '第 1 步审批人 2 的部门'), SLOW), '财务部');
    await user.click(button(within(step1!), '添加抄送人'));
    expect(combobox(step1!, '第 1 步抄送人 1 的类型')).toBeInTheDocument();

    // Step 2: 赵总, only for budgets of at least 50,000 (yuan unless another currency is chosen).
    await user.click(button(within(drawer), '添加审批环节'));
    const step2 = within(drawer).getAllByTestId('flow-step')[1]!;
    fireEvent.change(within(step2).getByLabelText('环节名称'), { target: { value: '总经理审批' } });
    await pick(user, combobox(step2, '第 2 步审批人 1 的类型'), '指定人员');
    await pick(user, await waitFor(() => combobox(step2, '第 2 步审批人 1 的人员'), SLOW), '赵总');
    await user.click(step2.querySelector<HTMLElement>('button[role="switch"]')!);
    fireEvent.change(await within(step2).findByLabelText('预算合计不低于', {}, SLOW), { target: { value: '50000' } });
    expect(within(step2).getByText('人民币 CNY')).toBeInTheDocument();

    await user.click(button(within(drawer), '保存审批流'));
    await waitFor(() => expect(created).toHaveLength(1), SLOW);
    expect(created[0]).toEqual({
      name: '预算申请审批',
      description: '',
      position: null,
      conditions: { resource_kinds: [], department_ids: [] },
      steps: [
        {
          name: '部门与财务会签',
          mode: 'all',
          approvers: [{ kind: 'initiator_head' }, { kind: 'department_head', department_id: financeDepartment.id }],
          cc: [{ kind: 'initiator_head' }],
          when: null,
        },
        {
          name: '总经理审批',
          mode: 'single',
          approvers: [{ kind: 'user', user_id: gm.id }],
          cc: [],
          when: { resource_kinds: [], department_ids: [], min_amount: '50000', currency: 'CNY' },
        },
      ],
      sla_working_hours: 9,
      is_active: true,
    });
    expect(await screen.findByText('审批流「预算申请审批」已保存', {}, SLOW)).toBeInTheDocument();
  }, 180_000);

  it('edits a flow with If-Match and shows the server’s errors on the step and rule they name', async () => {
    const puts: { ifMatch: string | null; body: S['FlowBody'] }[] = [];
    serve([flow()]);
    server.use(
      http.put(apiPath('/api/v1/approval-flows/:id'), async ({ request }) => {
        puts.push({ ifMatch: request.headers.get('If-Match'), body: (await request.json()) as S['FlowBody'] });
        return problem(422, 'validation_failed', {
          errors: { 'steps[1].approvers[0]': ['not_found'], 'steps[1].when.min_amount': ['decimal'] },
        });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/admin/approval-flows');

    const row = (await screen.findByText('预算申请审批', {}, SLOW)).closest('tr')!;
    expect(within(row).getByText('预算')).toBeInTheDocument();
    expect(within(row).getByText('（≥ ¥50,000）')).toBeInTheDocument();
    expect(within(row).getByText('启用')).toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: '编辑 预算申请审批' }));
    const drawer = await screen.findByRole('dialog', { name: '编辑审批流：预算申请审批' }, SLOW);
    const [step1, step2] = await within(drawer).findAllByTestId('flow-step', {}, SLOW);
    expect(within(step2!).getByLabelText('环节名称')).toHaveValue('总经理审批');
    // The flow names 赵总 by id only: his name is looked up.
    expect(await within(step2!).findByText('赵总', {}, SLOW)).toBeInTheDocument();
    expect(within(step2!).getByLabelText('预算合计不低于')).toHaveValue('50000');

    await user.click(within(drawer).getByRole('button', { name: '保存审批流' }));
    await waitFor(() => expect(puts).toHaveLength(1), SLOW);
    expect(puts[0]!.ifMatch).toBe('"4"');
    expect(puts[0]!.body.steps).toEqual(flow().steps);
    expect(await within(step2!).findByText('不存在', {}, SLOW)).toBeInTheDocument();
    expect(within(step2!).getByText('请输入数字，例如 50000 或 50000.50')).toBeInTheDocument();
    expect(within(step1!).queryByText('不存在')).not.toBeInTheDocument();
  }, 180_000);
});
