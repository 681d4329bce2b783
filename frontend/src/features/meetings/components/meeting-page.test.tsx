import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { components } from '@/lib/api/schema';
import { saveBlob } from '@/lib/save-file';
import { serveExport } from '@/testing/exports';
import { meeting, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { typeDate } from '@/testing/select';
import { server } from '@/testing/server';

type S = components['schemas'];

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

const MEETING_ID = meeting().id;
const ITEM_ID = '0193c000-0000-7000-8000-0000000000b1';
const SUBTASK_ID = '0193b000-0000-7000-8000-0000000000c1';
const xuming = { id: '0193a000-0000-7000-8000-000000000201', name: '徐明' };

function serve(initial: S['MeetingDto']) {
  const state = {
    current: initial,
    puts: [] as { ifMatch: string | null; body: S['MinutesRequest'] }[],
    converted: [] as string[],
  };
  server.use(
    http.get(apiPath('/api/v1/meetings/:meeting_id'), () =>
      HttpResponse.json(state.current, { headers: { ETag: `"${state.current.version}"` } }),
    ),
    http.get(apiPath('/api/v1/users'), () =>
      HttpResponse.json({
        items: [{ ...zhangsan, id: xuming.id, name: xuming.name, department_name: '研发部' }],
        next_cursor: null,
        total: 1,
      }),
    ),
  );
  return state;
}

describe('meeting page', () => {
  it('saves the minutes with If-Match and turns the saved action item into a subtask', async () => {
    const state = serve(meeting({ version: 4 }));
    server.use(
      http.put(apiPath('/api/v1/meetings/:meeting_id/minutes'), async ({ request }) => {
        const body = (await request.json()) as S['MinutesRequest'];
        state.puts.push({ ifMatch: request.headers.get('If-Match'), body });
        state.current = meeting({
          version: 5,
          discussion: body.discussion ?? '',
          decisions: body.decisions ?? '',
          minutes_by: { id: zhangsan.id, name: zhangsan.name },
          minutes_at: '2026-11-27T03:00:00Z',
          action_items: (body.action_items ?? []).map((i) => ({
            id: ITEM_ID,
            title: i.title,
            owner: xuming,
            due_at: i.due_at,
            subtask_id: null,
          })),
        });
        return HttpResponse.json(state.current, { headers: { ETag: '"5"' } });
      }),
      http.post(apiPath('/api/v1/meetings/:meeting_id/action-items/:item_id/subtask'), ({ params }) => {
        state.converted.push(String(params['item_id']));
        state.current = {
          ...state.current,
          version: 6,
          action_items: state.current.action_items.map((i) => ({ ...i, subtask_id: SUBTASK_ID })),
        };
        return HttpResponse.json<S['ActionItemSubtask']>({ subtask_id: SUBTASK_ID, meeting: state.current }, { status: 201 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/meetings/${MEETING_ID}`);

    const editor = await screen.findByTestId('minutes-editor', {}, { timeout: 10_000 });
    expect(screen.getByRole('heading', { name: '双十一新品发布 协调会' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '修改' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '取消会议' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /下载日历邀请/ })).toBeInTheDocument();

    await user.click(within(editor).getByLabelText('讨论内容'));
    await user.paste('样机进度落后一周');
    await user.click(within(editor).getByLabelText('决议'));
    await user.paste('研发部加派一人');
    await user.click(within(editor).getByRole('button', { name: /添加行动项/ }));
    const row = await within(editor).findByTestId('action-item-row');
    expect(within(row).getByText('保存纪要后可转为子任务')).toBeInTheDocument();
    await user.click(within(row).getByLabelText('事项'));
    await user.paste('补齐样机测试');
    await user.click(within(row).getByRole('combobox', { name: '负责人' }));
    await user.click(await screen.findByTitle('徐明（研发部）'));
    await typeDate(user, within(row).getByLabelText('截止日期'), '2026-12-10');

    await user.click(within(editor).getByRole('button', { name: '保存纪要' }));
    await waitFor(() => expect(state.puts).toHaveLength(1));
    expect(state.puts[0]).toEqual({
      ifMatch: '"4"',
      body: {
        discussion: '样机进度落后一周',
        decisions: '研发部加派一人',
        action_items: [{ title: '补齐样机测试', owner_id: xuming.id, due_at: '2026-12-10T15:59:59Z' }],
      },
    });

    await user.click(await within(editor).findByRole('button', { name: '转为子任务' }));
    const link = await within(editor).findByTestId('subtask-link');
    expect(link).toHaveAttribute('href', `/tasks/${SUBTASK_ID}`);
    expect(state.converted).toEqual([ITEM_ID]);
    expect(within(editor).queryByRole('button', { name: '转为子任务' })).not.toBeInTheDocument();

    // The next save is made on the version the conversion produced, and keeps the item by id.
    await user.click(within(editor).getByRole('button', { name: '保存纪要' }));
    await waitFor(() => expect(state.puts).toHaveLength(2));
    expect(state.puts[1]!.ifMatch).toBe('"6"');
    expect(state.puts[1]!.body.action_items).toEqual([
      { id: ITEM_ID, title: '补齐样机测试', owner_id: xuming.id, due_at: '2026-12-10T15:59:59Z' },
    ]);
  }, 60_000);

  it('links the subtask the server names when the item already is one (409)', async () => {
    serve(
      meeting({
        version: 2,
        minutes_at: '2026-11-27T03:00:00Z',
        action_items: [{ id: ITEM_ID, title: '补齐样机测试', owner: xuming, due_at: '2026-12-10T15:59:59Z', subtask_id: null }],
      }),
    );
    server.use(
      http.post(apiPath('/api/v1/meetings/:meeting_id/action-items/:item_id/subtask'), () =>
        problem(409, 'conflict', { allowed: [SUBTASK_ID] }),
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/meetings/${MEETING_ID}`);
    const editor = await screen.findByTestId('minutes-editor', {}, { timeout: 10_000 });
    await user.click(within(editor).getByRole('button', { name: '转为子任务' }));
    expect(await within(editor).findByTestId('subtask-link')).toHaveAttribute('href', `/tasks/${SUBTASK_ID}`);
    expect(await screen.findByText('该行动项已经转为子任务。')).toBeInTheDocument();
  }, 30_000);

  it('changes only what was edited with If-Match, and cancels after a confirmation', async () => {
    const state = serve(meeting({ version: 4 }));
    const patches: { ifMatch: string | null; body: S['UpdateMeetingRequest'] }[] = [];
    let cancels = 0;
    server.use(
      http.patch(apiPath('/api/v1/meetings/:meeting_id'), async ({ request }) => {
        const body = (await request.json()) as S['UpdateMeetingRequest'];
        patches.push({ ifMatch: request.headers.get('If-Match'), body });
        state.current = { ...state.current, version: 5, duration_minutes: body.duration_minutes ?? 30, ends_at: '2026-11-27T03:00:00Z' };
        return HttpResponse.json(state.current);
      }),
      http.post(apiPath('/api/v1/meetings/:meeting_id/cancel'), () => {
        cancels += 1;
        state.current = { ...state.current, version: 6, status: 'cancelled' };
        return HttpResponse.json(state.current);
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/meetings/${MEETING_ID}`);

    await user.click(await screen.findByRole('button', { name: '修改' }, { timeout: 10_000 }));
    const dialog = await screen.findByRole('dialog');
    const duration = within(dialog).getByLabelText('时长（分钟）');
    await waitFor(() => expect(duration).toHaveValue('30'));
    await user.clear(duration);
    await user.type(duration, '60');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({ ifMatch: '"4"', body: { duration_minutes: 60 } });
    expect(await screen.findByText('60 分钟')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '取消会议' }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确定取消这次会议吗？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(cancels).toBe(1));
    expect(await screen.findByText('这次会议已取消')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: '修改' })).not.toBeInTheDocument());
  }, 60_000);

  it('shows the minutes read-only, without actions, to someone who may not edit', async () => {
    serve(
      meeting({
        can_edit: false,
        discussion: '样机进度落后一周',
        minutes_by: { id: zhangsan.id, name: zhangsan.name },
        minutes_at: '2026-11-27T03:00:00Z',
        action_items: [
          { id: ITEM_ID, title: '补齐样机测试', owner: xuming, due_at: '2026-12-10T15:59:59Z', subtask_id: SUBTASK_ID },
        ],
      }),
    );
    signIn();
    renderApp(`/meetings/${MEETING_ID}`);
    const view = await screen.findByTestId('minutes-view', {}, { timeout: 10_000 });
    expect(within(view).getByText('样机进度落后一周')).toBeInTheDocument();
    expect(within(view).getByText('补齐样机测试')).toBeInTheDocument();
    expect(within(view).getByTestId('subtask-link')).toHaveAttribute('href', `/tasks/${SUBTASK_ID}`);
    expect(screen.queryByTestId('minutes-editor')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '修改' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '取消会议' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '转为子任务' })).not.toBeInTheDocument();
  }, 30_000);

  it('exports the minutes to Excel, also for someone who may not edit them', async () => {
    serve(meeting({ can_edit: false }));
    const api = serveExport({ polls: [{ status: 'done', kind: 'meeting_minutes', file_name: '会议纪要_样机评审.xlsx' }] });
    signIn();
    renderApp(`/meetings/${MEETING_ID}`);
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /导出纪要/ }, { timeout: 20_000 }));
    await waitFor(() => expect(vi.mocked(saveBlob).mock.calls[0]?.[1]).toBe('会议纪要_样机评审.xlsx'), { timeout: 20_000 });
    expect(api.requests).toEqual([{ kind: 'meeting_minutes', meeting_id: MEETING_ID }]);
  }, 30_000);
});
