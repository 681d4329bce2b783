import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { CompleteTaskRequest, TaskDto } from '@/features/cases/api/types';
import { summary } from '@/features/cases/testing/fixtures';
import { task, taskSummary } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { buttonByText, setupFastUser } from '@/testing/user';

const SLOW = { timeout: 20_000 };
const OPEN_SUB = taskSummary({ id: '0193b000-0000-7000-8000-0000000000c1', parent_id: task().id, title: '样机与演示环境', status: 'in_progress' });
const DONE_SUB = taskSummary({ id: '0193b000-0000-7000-8000-0000000000c2', parent_id: task().id, title: '上市传播方案', status: 'done' });

/** 张三's top-level task in progress with two subtasks; /complete answers with `answer`. */
function serve(dto: TaskDto, answer: (body: CompleteTaskRequest) => Response) {
  const state = { task: dto, posted: [] as CompleteTaskRequest[] };
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(state.task)),
    http.get(apiPath('/api/v1/tasks/:task_id/summary'), () =>
      state.task.status === 'done' ? HttpResponse.json(summary()) : problem(404, 'not_found'),
    ),
    http.post(apiPath('/api/v1/tasks/:task_id/complete'), async ({ request }) => {
      const body = (await request.json()) as CompleteTaskRequest;
      state.posted.push(body);
      return answer(body);
    }),
  );
  return state;
}

const inProgress = () =>
  task({
    status: 'in_progress',
    percent: 100,
    subtask_count: 2,
    open_subtask_count: 0,
    subtasks: [OPEN_SUB, DONE_SUB],
    allowed_transitions: ['pending_review', 'done', 'cancelled'],
  });

async function openDialog() {
  const user = setupFastUser();
  await user.click(await screen.findByRole('button', { name: /完成任务/ }, SLOW));
  const dialog = await screen.findByRole('dialog', {}, SLOW);
  await within(dialog).findByLabelText('目标达成情况', {}, SLOW);
  return { user, dialog };
}

describe('完成任务 on a top-level task', () => {
  it('offers 完成任务 instead of 已完成 in the status menu, and refuses an empty outcome (目标达成情况 is required)', async () => {
    const state = serve(inProgress(), () => HttpResponse.json(task({ status: 'done' })));
    signIn();
    renderApp(`/tasks/${task().id}`);
    // The status menu leaves 已完成 to 完成任务.
    const fast = setupFastUser();
    await fast.click(await screen.findByRole('button', { name: /变更状态/ }, SLOW));
    expect(await screen.findByRole('menuitem', { name: '待审核' }, SLOW)).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: '已完成' })).not.toBeInTheDocument();
    const { user, dialog } = await openDialog();

    // Only spaces count as empty too.
    fireEvent.change(within(dialog).getByLabelText('目标达成情况'), { target: { value: '   ' } });
    await user.click(buttonByText(within(dialog), /标记完成/));
    expect(await within(dialog).findByText('此项为必填项', {}, SLOW)).toBeInTheDocument();
    expect(state.posted).toEqual([]);
  });

  it('sends the four parts of the summary to /complete, then shows the 协作总结 tab with its figures', async () => {
    const state = serve(inProgress(), () => {
      state.task = task({ status: 'done', percent: 100, allowed_transitions: ['archived', 'in_progress'] });
      return HttpResponse.json(state.task);
    });
    signIn();
    renderApp(`/tasks/${task().id}`);
    const { user, dialog } = await openDialog();

    fireEvent.change(within(dialog).getByLabelText('目标达成情况'), { target: { value: ' 首月销量 3,420 台 ' } });
    fireEvent.change(within(dialog).getByLabelText('做得好的地方'), { target: { value: '样机提前交付' } });
    fireEvent.change(within(dialog).getByLabelText('经验教训'), { target: { value: '物料预留一周' } });
    await user.click(buttonByText(within(dialog), /标记完成/));

    await waitFor(() => expect(state.posted).toHaveLength(1), SLOW);
    expect(state.posted[0]).toEqual({ outcome: '首月销量 3,420 台', went_well: '样机提前交付', problems: '', lessons: '物料预留一周' });
    expect(await screen.findByText('任务已完成，协作总结已保存', {}, SLOW)).toBeInTheDocument();
    // The page now opens on 协作总结: the summary, days gained and the per-department table.
    const section = await screen.findByTestId('task-summary-section', {}, SLOW);
    expect(await within(section).findByTestId('figures-days', {}, SLOW)).toHaveTextContent('提前 2.3 天');
    expect(within(section).getByTestId('figures-departments')).toHaveTextContent('研发部');
    expect(within(section).getByText('上市传播方案')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /完成任务/ })).not.toBeInTheDocument();
  }, 60_000);

  it('409 open subtasks: names the open subtasks with links, the dialog stays open', async () => {
    serve(inProgress(), () =>
      HttpResponse.json(
        {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          detail: 'finish or cancel the open subtasks first: 样机与演示环境',
          code: 'open_subtasks',
          allowed: [OPEN_SUB.id, '0193b000-0000-7000-8000-0000000000ff'],
        },
        { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    signIn();
    renderApp(`/tasks/${task().id}`);
    const { user, dialog } = await openDialog();

    fireEvent.change(within(dialog).getByLabelText('目标达成情况'), { target: { value: '基本达成' } });
    await user.click(buttonByText(within(dialog), /标记完成/));

    const alert = await within(dialog).findByTestId('open-subtasks', {}, SLOW);
    expect(alert).toHaveTextContent('还有未完成的子任务，请先完成或取消');
    expect(within(alert).getByRole('link', { name: '样机与演示环境' })).toHaveAttribute('href', `/tasks/${OPEN_SUB.id}`);
    expect(alert).toHaveTextContent('另有 1 个你无权查看的子任务');
    expect(alert).not.toHaveTextContent('上市传播方案');
    // The server's English detail is never shown.
    expect(dialog).not.toHaveTextContent('finish or cancel');
  }, 60_000);

  it('a subtask keeps 已完成 in its status menu (the progress flow) and has no 完成任务', async () => {
    serve(task({ id: OPEN_SUB.id, parent_id: task().id, status: 'in_progress', allowed_transitions: ['pending_review', 'done', 'cancelled'] }), () =>
      HttpResponse.json(task()),
    );
    signIn();
    const user = setupFastUser();
    renderApp(`/tasks/${OPEN_SUB.id}`);

    await user.click(await screen.findByRole('button', { name: /变更状态/ }, SLOW));
    expect(await screen.findByRole('menuitem', { name: '已完成' }, SLOW)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /完成任务/ })).not.toBeInTheDocument();
  }, 60_000);
});
