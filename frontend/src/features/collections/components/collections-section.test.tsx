import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { CollectionBody, CollectionDto, SubmissionDto } from '@/features/collections/api/types';
import {
  collection,
  handedFile,
  infoSyncTask,
  me,
  round,
  ROUND_ID,
  submission,
  wangfang,
} from '@/features/collections/testing/fixtures';
import { saveBlob } from '@/lib/save-file';
import { marketingDepartment, rdDepartment, salesDepartment } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { buttonByText, setupFastUser } from '@/testing/user';

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

const SLOW = { timeout: 20_000 };
const TASK = infoSyncTask();
const PAGE = `/tasks/${TASK.id}?tab=collections`;

/** The task page of an info-sync task whose collections and round matrix the test can change. */
function serve(collections: CollectionDto[], rows: SubmissionDto[] = []) {
  const state = { collections, rows, statuses: [] as (string | null)[] };
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(TASK)),
    http.get(apiPath('/api/v1/tasks/:task_id/collections'), () => HttpResponse.json({ items: state.collections })),
    http.get(apiPath('/api/v1/tasks/:task_id/files'), () => HttpResponse.json({ items: [], next_cursor: null })),
    http.get(apiPath('/api/v1/collection-rounds/:round_id/submissions'), ({ request }) => {
      const status = new URL(request.url).searchParams.get('status');
      state.statuses.push(status);
      return HttpResponse.json({
        round: round(),
        collection_title: collection().title,
        counts: state.collections[0]?.can_manage ? round().counts : null,
        items: state.rows.filter((r) => !status || status.split(',').includes(r.status)),
        next_cursor: null,
      });
    }),
  );
  return state;
}

/**
 * Opens the Select labelled `label` and clicks `option` in its open dropdown (by selector and
 * fireEvent: getByRole and user-event are slow on a form this large in jsdom).
 */
async function pickOption(container: HTMLElement, label: string, option: string) {
  const input = container.querySelector<HTMLElement>(`input[aria-label="${label}"]`);
  if (!input) throw new Error(`no select ${label}`);
  fireEvent.mouseDown(input);
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(
      `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`,
    );
    if (!found) throw new Error(`no option ${option}`);
    return found;
  }, SLOW);
  fireEvent.click(item);
  await waitFor(() => expect(input.closest('.ant-select')).toHaveTextContent(option), SLOW);
}

async function row(unit: string): Promise<HTMLElement> {
  const matrix = await screen.findByTestId('round-matrix', {}, SLOW);
  return waitFor(() => {
    const found = matrix.querySelector<HTMLElement>(`[data-testid="submission-row"][data-unit="${unit}"]`);
    if (!found) throw new Error(`no row ${unit}`);
    return found;
  }, SLOW);
}

describe('收集 for the collector', () => {
  it('sets up a monthly collection from two departments with a number field: the body sent', async () => {
    const posted: CollectionBody[] = [];
    const state = serve([]);
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/collections'), async ({ request }) => {
        posted.push((await request.json()) as CollectionBody);
        // The first try: the server names a field; the second goes through.
        if (posted.length === 1) return problem(422, 'validation_failed', { errors: { 'schedule.working_day': ['out_of_range'] } });
        state.collections = [collection({ title: '11 月经营数据' })];
        return HttpResponse.json(state.collections[0], { status: 201 });
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    await screen.findByTestId('collections-section', {}, SLOW);
    await user.click(buttonByText(screen, /^发起收集$/));
    const form = await screen.findByTestId('collection-form', {}, SLOW);
    fireEvent.change(within(form).getByLabelText('标题'), { target: { value: '11 月经营数据' } });
    await pickOption(form, '部门 1', '销售部');
    await user.click(buttonByText(within(form), /添加部门/));
    await pickOption(form, '部门 2', '研发部');
    await user.click(buttonByText(within(form), /添加填报项/));
    fireEvent.change(within(form).getByLabelText('名称 1'), { target: { value: '营业额（万元）' } });
    await pickOption(form, '类型 1', '数字');
    await user.click(within(form).getByLabelText('每月'));
    const workingDay = await within(form).findByLabelText('第几个工作日');
    fireEvent.change(workingDay, { target: { value: '5' } });

    await user.click(buttonByText(screen, /^发\s*起$/));
    await waitFor(() => expect(posted).toHaveLength(1), SLOW);
    // The server's field error stands next to the field it names; the drawer stays open.
    expect(await within(form).findByText('超出允许的范围', {}, SLOW)).toBeInTheDocument();
    await user.click(buttonByText(screen, /^发\s*起$/));
    await waitFor(() => expect(posted).toHaveLength(2), SLOW);

    expect(posted[1]).toEqual({
      title: '11 月经营数据',
      instructions: '',
      template_file_id: null,
      spec: {
        files: { min_files: 1, max_files: 5, types: [] },
        fields: [{ key: 'f1', label: '营业额（万元）', kind: 'number', required: true, options: [] }],
      },
      submitters: {
        departments: [
          { department_id: salesDepartment.id, answerer_ids: [] },
          { department_id: rdDepartment.id, answerer_ids: [] },
        ],
        people: [],
      },
      schedule: { kind: 'monthly', working_day: 5, time: '18:00' },
      allow_late: false,
      remind_before_minutes: 540,
    } satisfies CollectionBody);
    expect(await screen.findByText('已发起收集', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByTestId('collection-card', {}, SLOW)).toHaveTextContent('11 月经营数据');
    // A large form on a loaded machine (as the task wizard's test).
  }, 120_000);

  it('shows each unit’s status in the matrix, and 退回 needs a reason', async () => {
    const returned: { id: string; comment: unknown }[] = [];
    const past = round({ due_at: '2026-11-25T10:00:00Z' });
    serve(
      [collection({ rounds: [past] })],
      [
        submission({ id: 's-1', department: { id: salesDepartment.id, name: '销售部' }, missing: true }),
        submission({
          id: 's-2',
          department: { id: marketingDepartment.id, name: '市场部' },
          answerers: [wangfang],
          status: 'submitted',
          is_late: true,
          submitted_by: wangfang,
          submitted_at: '2026-11-25T12:00:00Z',
          files: [handedFile('市场部数据.xlsx', 2)],
          answers: { f1: 1234.5 },
          can_review: true,
        }),
        submission({ id: 's-3', department: { id: rdDepartment.id, name: '研发部' }, status: 'accepted', can_review: true }),
        submission({ id: 's-4', department: null, person: wangfang, status: 'returned', can_review: true }),
      ],
    );
    server.use(
      http.post(apiPath('/api/v1/collection-submissions/:id/return'), async ({ params, request }) => {
        const body = (await request.json()) as { comment: unknown };
        returned.push({ id: String(params['id']), comment: body.comment });
        return HttpResponse.json(submission({ id: 's-2', status: 'returned' }));
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    const status = async (unit: string) => within(await row(unit)).getByTestId('submission-status').textContent;
    expect(await status('销售部')).toBe('逾期未交');
    expect(await status('市场部')).toBe('已提交逾期提交');
    expect(await status('研发部')).toBe('已确认');
    expect(await status('王芳')).toBe('已退回');
    const market = await row('市场部');
    expect(market).toHaveTextContent('市场部数据.xlsx');
    expect(market).toHaveTextContent('第 2 版');
    expect(market).toHaveTextContent('营业额（万元）：1,234.5');
    expect(screen.getByTestId('round-progress')).toHaveTextContent('已交 2/4，逾期 2');
    // Only a handed-in submission can be accepted; an accepted one can still be sent back.
    expect(within(await row('销售部')).queryByText(/退\s*回/)).toBeNull();
    expect(within(await row('研发部')).queryByText(/^确\s*认$/)).toBeNull();

    await user.click(buttonByText(within(market), /^退\s*回$/));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    await user.click(buttonByText(within(dialog), /^退\s*回$/));
    expect(await within(dialog).findByText('请填写退回原因', {}, SLOW)).toBeInTheDocument();
    expect(returned).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText('退回原因'), { target: { value: '请补充华东区数据' } });
    await user.click(buttonByText(within(dialog), /^退\s*回$/));
    await waitFor(() => expect(returned).toEqual([{ id: 's-2', comment: '请补充华东区数据' }]), SLOW);
  });

  it('filters the matrix by status on the server, and downloads the round’s zip with the bearer token', async () => {
    const state = serve([collection()], [submission(), submission({ id: 's-2', status: 'submitted' })]);
    const auth: (string | null)[] = [];
    server.use(
      http.get(apiPath('/api/v1/collection-rounds/:round_id/archive'), ({ request }) => {
        auth.push(request.headers.get('Authorization'));
        return new HttpResponse(new Uint8Array([80, 75, 3, 4]), {
          headers: {
            'Content-Type': 'application/zip',
            'Content-Disposition': `attachment; filename="11___.zip"; filename*=UTF-8''11%20%E6%9C%88%E7%BB%8F%E8%90%A5%E6%95%B0%E6%8D%AE_2026-11.zip`,
          },
        });
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    await row('销售部');
    await user.click(within(await screen.findByTestId('round-matrix')).getByRole('radio', { name: /已提交/ }));
    await waitFor(() => expect(state.statuses).toContain('submitted'), SLOW);

    await user.click(buttonByText(screen, /下载全部文件/));
    await waitFor(() => expect(saveBlob).toHaveBeenCalled(), SLOW);
    expect(vi.mocked(saveBlob).mock.calls.at(-1)?.[1]).toBe('11 月经营数据_2026-11.zip');
    expect(auth).toEqual(['Bearer access-1']);
    expect(ROUND_ID).toBe(round().id);
  });
});

describe('收集 for a submitter', () => {
  it('uploads a file and hands in the answers', async () => {
    const uploads: string[] = [];
    const handedIn: unknown[] = [];
    const mine = submission({ answerers: [me], can_submit: true });
    const state = serve([collection({ can_manage: false })], [mine]);
    server.use(
      http.post(apiPath('/api/v1/collection-submissions/:id/files'), async ({ request }) => {
        // (jsdom's XHR does not keep the part's file name on its way to MSW.)
        const file = (await request.formData()).get('file');
        uploads.push(typeof file === 'string' ? file : await file!.text());
        state.rows = [{ ...mine, files: [handedFile('销售部数据.xlsx')] }];
        return HttpResponse.json(state.rows[0]);
      }),
      http.post(apiPath('/api/v1/collection-submissions/:id/submit'), async ({ request }) => {
        handedIn.push(await request.json());
        state.rows = [{ ...mine, files: [handedFile('销售部数据.xlsx')], status: 'submitted', can_submit: true }];
        return HttpResponse.json(state.rows[0]);
      }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    const card = await screen.findByTestId('hand-in-card', {}, SLOW);
    expect(screen.queryByTestId('round-matrix')).toBeNull();
    expect(card).toHaveTextContent('还没有上传文件');
    const input = card.querySelector<HTMLInputElement>('input[type="file"]');
    expect(input).not.toBeNull();
    await user.upload(input!, new File(['数据'], '销售部数据.xlsx'));
    await waitFor(() => expect(uploads).toEqual(['数据']), SLOW);
    expect(await within(card).findByText('销售部数据.xlsx', {}, SLOW)).toBeInTheDocument();

    fireEvent.change(within(card).getByLabelText('营业额（万元）'), { target: { value: '120' } });
    await user.click(buttonByText(within(card), /^提\s*交$/));
    await waitFor(() => expect(handedIn).toEqual([{ answers: { f1: 120 } }]), SLOW);
    expect(await within(card).findByText('已提交', {}, SLOW)).toBeInTheDocument();
  });

  it('shows the server’s field errors next to the answer and the files', async () => {
    serve([collection({ can_manage: false })], [submission({ answerers: [me], can_submit: true, answers: { f1: 3 } })]);
    server.use(
      http.post(apiPath('/api/v1/collection-submissions/:id/submit'), () =>
        problem(422, 'validation_failed', { errors: { 'answers.f1': ['invalid_number'], files: ['too_few'] } }),
      ),
    );
    signIn();
    const user = setupFastUser();
    renderApp(PAGE);

    const card = await screen.findByTestId('hand-in-card', {}, SLOW);
    await user.click(buttonByText(within(card), /^提\s*交$/));
    expect(await within(card).findByText('请输入数字', {}, SLOW)).toBeInTheDocument();
    expect(within(card).getByText('上传的文件数量不够')).toBeInTheDocument();
    expect(within(card).getByText('请检查填写的内容。')).toBeInTheDocument();
  });

  it('says why a submission cannot be handed in, and shows the collector’s reason for sending it back', async () => {
    serve(
      [collection({ can_manage: false, allow_late: false })],
      [
        submission({
          answerers: [me],
          status: 'returned',
          review: { by: wangfang, at: '2026-11-25T08:00:00Z', comment: '请补充华东区数据' },
          can_submit: true,
        }),
        submission({ id: 's-2', department: { id: rdDepartment.id, name: '研发部' }, answerers: [me], missing: true }),
      ],
    );
    signIn();
    renderApp(PAGE);

    const cards = await screen.findAllByTestId('hand-in-card', {}, SLOW);
    const [returnedCard, lateCard] = cards as [HTMLElement, HTMLElement];
    expect(within(returnedCard).getByTestId('returned-alert')).toHaveTextContent('王芳 退回了你的提交请补充华东区数据');
    expect(within(returnedCard).getByText(/重新提交/)).toBeInTheDocument();
    expect(within(lateCard).getByTestId('blocked-reason')).toHaveTextContent('已过截止时间，本收集不接受逾期提交');
    expect(within(lateCard).queryByText(/^提\s*交$/)).toBeNull();
  });
});

describe('待我提交 on 我的工作', () => {
  it('lists what I must hand in, with a link to the task’s 收集 tab', async () => {
    server.use(
      http.get(apiPath('/api/v1/me/collection-submissions'), () =>
        HttpResponse.json({ items: [submission({ answerers: [me], can_submit: true })] }),
      ),
      http.get(apiPath('/api/v1/collections/:id'), () => HttpResponse.json(collection({ can_manage: false }))),
    );
    signIn();
    renderApp('/');

    const todo = await screen.findByTestId('hand-ins-todo', {}, SLOW);
    expect(todo).toHaveTextContent('待我提交 (1)');
    expect(await within(todo).findByText('11 月经营数据', {}, SLOW)).toBeInTheDocument();
    expect(within(todo).getByText('去提交').closest('a')).toHaveAttribute('href', PAGE);
  });
});
