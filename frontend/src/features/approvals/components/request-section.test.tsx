import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { budgetLine, request, requestTask, submission } from '@/features/approvals/testing/fixtures';
import type { components } from '@/lib/api/schema';
import { saveBlob } from '@/lib/save-file';
import { serveExport } from '@/testing/exports';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { buttonByText, setupFastUser } from '@/testing/user';

type S = components['schemas'];

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

const SLOW = { timeout: 20_000 };
const TASK = requestTask();
const PAGE = `/tasks/${TASK.id}?tab=request`;

/** The task page of a resource request, answering `get` for GET …/request. */
function serve(get: () => S['RequestDto'] | Response) {
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json<S['TaskDto']>(TASK)),
    http.get(apiPath('/api/v1/tasks/:task_id/request'), () => {
      const r = get();
      return r instanceof Response ? r : HttpResponse.json<S['RequestDto']>(r, { headers: { ETag: `"${r.version}"` } });
    }),
  );
}

async function lines() {
  await screen.findByTestId('request-section', {}, SLOW);
  return screen.findAllByTestId('request-line', {}, SLOW);
}

describe('资源申请 form', () => {
  it('checks the form before saving and shows the server’s field errors on the line they name', async () => {
    const puts: { ifMatch: string | null; body: S['RequestForm'] }[] = [];
    serve(() =>
      request({
        form: { ...request().form, lines: [budgetLine('50000.00'), budgetLine('8000.00', '物料制作')] },
        total: { amount: '58000.00', currency: 'CNY' },
      }),
    );
    server.use(
      http.put(apiPath('/api/v1/tasks/:task_id/request'), async ({ request: req }) => {
        puts.push({ ifMatch: req.headers.get('If-Match'), body: (await req.json()) as S['RequestForm'] });
        return problem(422, 'validation_failed', { errors: { 'lines[1].amount': ['too_large'] } });
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    const [first, second] = await lines();
    expect(within(first!).getByLabelText('金额')).toHaveValue('50000.00');
    const amount = within(second!).getByLabelText('金额');
    expect(amount).toHaveValue('8000.00');

    // Checked on the string: CNY has two decimals at most, and nothing is sent.
    fireEvent.change(amount, { target: { value: '12.345' } });
    fireEvent.change(screen.getByLabelText('申请理由'), { target: { value: '   ' } });
    await user.click(buttonByText(screen, /^保\s*存$/));
    expect(await within(second!).findByText(/小数位数超过该币种允许的位数/, {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByText('此项为必填项', {}, SLOW)).toBeInTheDocument();
    expect(within(first!).queryByText(/小数位数/)).not.toBeInTheDocument();
    expect(puts).toEqual([]);

    // The server's error on lines[1].amount lands on the second line's amount, translated.
    fireEvent.change(amount, { target: { value: '99999999999999999' } });
    fireEvent.change(screen.getByLabelText('申请理由'), { target: { value: ' 双十一推广 ' } });
    await user.click(buttonByText(screen, /^保\s*存$/));
    expect(await within(second!).findByText('金额过大', {}, SLOW)).toBeInTheDocument();
    expect(within(first!).queryByText('金额过大')).not.toBeInTheDocument();
    expect(screen.getByText('请检查填写的内容。')).toBeInTheDocument();
    expect(puts).toEqual([
      {
        ifMatch: '"2"',
        body: {
          lines: [budgetLine('50000.00'), budgetLine('99999999999999999', '物料制作')],
          department_ids: request().form.department_ids,
          justification: '双十一推广',
          needed_by: '2026-12-10',
        },
      },
    ]);
  }, 120_000);

  it('asks for the fields of each kind, and saves only those', async () => {
    const puts: S['RequestForm'][] = [];
    serve(() => problem(404, 'not_found'));
    server.use(
      http.put(apiPath('/api/v1/tasks/:task_id/request'), async ({ request: req }) => {
        // The first save creates the request: no If-Match.
        expect(req.headers.get('If-Match')).toBeNull();
        const body = (await req.json()) as S['RequestForm'];
        puts.push(body);
        return HttpResponse.json<S['RequestDto']>(request({ form: body, version: 1 }));
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    const [line] = await lines();
    fireEvent.change(within(line!).getByLabelText('说明'), { target: { value: '前端开发支持' } });
    await user.click(within(line!).getByLabelText('类型'));
    await user.click(
      await waitFor(() => {
        const option = document.querySelector<HTMLElement>('.ant-select-dropdown .ant-select-item-option[title="人力（人天）"]');
        if (!option) throw new Error('no option');
        return option;
      }, SLOW),
    );
    const people = await within(line!).findByLabelText('人数', {}, SLOW);
    expect(within(line!).queryByLabelText('金额')).not.toBeInTheDocument();
    fireEvent.change(people, { target: { value: '2' } });
    fireEvent.change(within(line!).getByLabelText('天数'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('申请理由'), { target: { value: '大促期间需要支援' } });
    await user.click(buttonByText(screen, /^保\s*存$/));

    await waitFor(() => expect(puts).toHaveLength(1), SLOW);
    expect(puts[0]).toEqual({
      lines: [{ kind: 'people_days', description: '前端开发支持', people: 2, days: 5 }],
      department_ids: [],
      justification: '大促期间需要支援',
      needed_by: null,
    });
    expect(await screen.findByText('申请单已保存', {}, SLOW)).toBeInTheDocument();
  }, 120_000);

  it('reloads the form when someone else saved first (412) and says so', async () => {
    let current = request();
    serve(() => current);
    server.use(
      http.put(apiPath('/api/v1/tasks/:task_id/request'), () => {
        current = request({ version: 3, form: { ...request().form, justification: '王芳改过的理由' } });
        return problem(412, 'version_mismatch');
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    await lines();
    fireEvent.change(screen.getByLabelText('申请理由'), { target: { value: '我的理由' } });
    await user.click(buttonByText(screen, /^保\s*存$/));
    expect(await screen.findByText(/申请单已被他人修改，已加载最新内容/, {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('申请理由')).toHaveValue('王芳改过的理由'), SLOW);
  }, 120_000);
});

describe('资源申请 approval', () => {
  const pending = (can: Partial<S['RequestCanDto']> = {}) =>
    request({
      status: 'pending',
      current: submission(),
      can: { edit: false, submit: false, withdraw: false, nudge: false, decide: false, ...can },
    });

  it('shows the form read only and the timeline of steps, approvers, modes and comments', async () => {
    serve(() => pending());
    signIn();
    renderApp(PAGE);

    const view = await screen.findByTestId('request-form-view', {}, SLOW);
    expect(within(view).getByText('双十一线上推广费')).toBeInTheDocument();
    expect(within(view).getAllByText('¥50,000.00').length).toBeGreaterThan(0);
    expect(within(view).getByText('市场部')).toBeInTheDocument();
    expect(within(view).getByText('2026年12月10日')).toBeInTheDocument();
    expect(screen.queryByText(/^保\s*存$/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /支撑材料请在「文件」页签上传/ })).toHaveAttribute(
      'href',
      `/tasks/${TASK.id}?tab=files`,
    );

    const [step1, step2] = screen.getAllByTestId('approval-step');
    expect(within(step1!).getByText('第 1 步 部门负责人审批')).toBeInTheDocument();
    expect(within(step1!).getByText('单人')).toBeInTheDocument();
    expect(within(step1!).getByText('同意，注意控制投放节奏')).toBeInTheDocument();
    expect(within(step1!).getByText(/用时 2 小时 0 分/)).toBeInTheDocument();
    expect(within(step2!).getByText('第 2 步 财务会签')).toBeInTheDocument();
    expect(within(step2!).getByText('会签')).toBeInTheDocument();
    const [wang, zhao, yang] = within(step2!).getAllByTestId('approval-assignment');
    expect(within(wang!).getByText('自动同意')).toBeInTheDocument();
    expect(within(zhao!).getByText('已转交')).toBeInTheDocument();
    expect(within(yang!).getByText('待审批')).toBeInTheDocument();
    expect(within(yang!).getByText('由 赵六 转交')).toBeInTheDocument();
    // Activated 2026-11-25 05:00 UTC; the test clock says 2026-11-26 02:00 UTC.
    expect(within(yang!).getByText('已等待 21 小时 0 分')).toBeInTheDocument();
    expect(within(step2!).getByText('通过后抄送：钱七')).toBeInTheDocument();
  }, 120_000);

  it('shows an approver 同意 and 拒绝 only when the request says they may decide', async () => {
    serve(() => pending({ decide: false }));
    signIn();
    const first = renderApp(PAGE);
    await screen.findAllByTestId('approval-step', {}, SLOW);
    expect(screen.queryByText(/^同\s*意$/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^拒\s*绝$/)).not.toBeInTheDocument();
    first.unmount();

    serve(() => pending({ decide: true }));
    renderApp(PAGE);
    const actions = await screen.findByTestId('request-actions', {}, SLOW);
    for (const name of [/^同\s*意$/, /^拒\s*绝$/, /^退\s*回$/, /^转\s*交$/, /^加\s*签$/]) {
      expect(buttonByText(within(actions), name)).toBeInTheDocument();
    }
    expect(within(actions).queryByText(/^撤\s*回$/)).not.toBeInTheDocument();
  }, 120_000);

  it('requires a reason to reject, and sends it', async () => {
    const rejected: S['ReasonBody'][] = [];
    serve(() => pending({ decide: true }));
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/request/reject'), async ({ request: req }) => {
        rejected.push((await req.json()) as S['ReasonBody']);
        return HttpResponse.json<S['RequestDto']>(
          request({ status: 'rejected', current: submission({ outcome: 'rejected' }), can: { ...request().can, edit: false, submit: false } }),
        );
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    await user.click(await waitFor(() => buttonByText(screen, /^拒\s*绝$/), SLOW));
    const dialog = await screen.findByRole('dialog', { name: '拒绝申请' }, SLOW);
    await user.click(buttonByText(within(dialog), /^拒\s*绝$/));
    expect(await within(dialog).findByText('请填写理由', {}, SLOW)).toBeInTheDocument();
    expect(rejected).toEqual([]);

    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: ' 预算超出本季度额度 ' } });
    await user.click(buttonByText(within(dialog), /^拒\s*绝$/));
    await waitFor(() => expect(rejected).toEqual([{ comment: '预算超出本季度额度' }]), SLOW);
    expect(await screen.findByText('已拒绝申请', {}, SLOW)).toBeInTheDocument();
  }, 120_000);

  it('returns to an earlier step with a reason', async () => {
    const returned: S['ReturnBody'][] = [];
    serve(() => pending({ decide: true }));
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/request/return'), async ({ request: req }) => {
        returned.push((await req.json()) as S['ReturnBody']);
        return HttpResponse.json<S['RequestDto']>(pending({ decide: false }));
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    await user.click(await waitFor(() => buttonByText(screen, /^退\s*回$/), SLOW));
    const dialog = await screen.findByRole('dialog', { name: '退回申请' }, SLOW);
    await user.click(within(dialog).getByLabelText('退回到'));
    await user.click(
      await waitFor(() => {
        const option = document.querySelector<HTMLElement>('.ant-select-dropdown .ant-select-item-option[title="第 1 步 部门负责人审批"]');
        if (!option) throw new Error('no option');
        return option;
      }, SLOW),
    );
    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: '请部门负责人再确认金额' } });
    await user.click(buttonByText(within(dialog), /^退\s*回$/));
    await waitFor(() => expect(returned).toEqual([{ comment: '请部门负责人再确认金额', to_step: 0 }]), SLOW);
  }, 120_000);

  it('tells the initiator when they nudged less than an hour ago (429)', async () => {
    serve(() => pending({ nudge: true, withdraw: true }));
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/request/nudge'), () =>
        problem(429, 'too_many_requests', { headers: { 'Retry-After': '1800' } }),
      ),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    const actions = await screen.findByTestId('request-actions', {}, SLOW);
    expect(buttonByText(within(actions), /^撤\s*回$/)).toBeInTheDocument();
    await user.click(buttonByText(within(actions), /^催\s*办$/));
    expect(await screen.findByText('一小时内只能催办一次，请 30 分钟后再试', {}, SLOW)).toBeInTheDocument();
  }, 120_000);

  it('exports the approval form once the request was submitted, not before', async () => {
    serve(() => request());
    signIn();
    const draft = renderApp(PAGE);
    await lines();
    expect(screen.queryByText('导出审批单')).not.toBeInTheDocument();
    draft.unmount();

    const api = serveExport({ polls: [{ status: 'done', kind: 'approval_form', file_name: '审批单_双十一推广预算申请_20261126.xlsx' }] });
    serve(() => pending());
    const user = setupFastUser();
    renderApp(PAGE);
    await user.click(await waitFor(() => buttonByText(screen, /导出审批单/), SLOW));
    await waitFor(() => expect(vi.mocked(saveBlob).mock.calls[0]?.[1]).toBe('审批单_双十一推广预算申请_20261126.xlsx'), SLOW);
    expect(api.requests).toEqual([{ kind: 'approval_form', task_id: TASK.id }]);
  }, 120_000);
});
