import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { components } from '@/lib/api/schema';
import { saveBlob } from '@/lib/save-file';
import { serveExport } from '@/testing/exports';
import { task, taskSummary } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

function serve(dto: S['TaskDto']) {
  server.use(
    http.get<{ task_id: string }, never, S['TaskDto']>(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(dto)),
    http.get<never, never, S['HistoryPage']>(apiPath('/api/v1/tasks/:task_id/history'), () =>
      HttpResponse.json({
        items: [
          {
            id: 'h-1',
            at: '2026-11-26T06:30:00Z',
            actor: { id: 'u-2', name: '徐明' },
            department_name: '研发部',
            field: 'percent',
            old_value: '0',
            new_value: '50',
            summary: '11月26日 14:30 研发部 徐明 将进度从 0% 改为 50%',
          },
        ],
        next_cursor: null,
      }),
    ),
  );
}

describe('task detail', () => {
  it('marks a task that waits for predecessors and says which', async () => {
    serve(
      task({
        status: 'published',
        is_blocked: true,
        predecessors: [
          {
            id: '0193a000-0000-7000-8000-0000000009d1',
            kind: 'finish_to_start',
            lag_days: 0,
            task: { id: '0193a000-0000-7000-8000-0000000009d2', title: '用户调研', status: 'in_progress' },
            is_satisfied: false,
          },
        ],
      }),
    );
    signIn();
    renderApp(`/tasks/${task().id}`);

    expect(await screen.findByText('等待前置任务', {}, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByText('等待前置任务完成：用户调研（进行中）')).toBeInTheDocument();
  });

  it('tells the owner of a task with subtasks that its progress rolls up, and offers no percent', async () => {
    const sub = taskSummary({ id: '0193a000-0000-7000-8000-0000000009a1', title: '演示样机', status: 'in_progress', percent: 40 });
    serve(task({ percent: 40, subtask_count: 1, open_subtask_count: 1, subtasks: [sub] }));
    signIn();
    renderApp(`/tasks/${task().id}`);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: '更新进度' }, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('进度由子任务汇总（当前 40%），不能手动修改。')).toBeInTheDocument();
    expect(within(dialog).queryByRole('spinbutton', { name: '进度' })).not.toBeInTheDocument();
  });

  it('hides the actions the capabilities deny', async () => {
    serve(
      task({
        allowed_transitions: [],
        capabilities: { can_edit: false, can_update_progress: false, can_split: false, can_delete: false },
      }),
    );
    signIn();
    renderApp(`/tasks/${task().id}`);

    expect(await screen.findByRole('heading', { name: '双十一新品发布' }, { timeout: 20_000 })).toBeInTheDocument();
    for (const name of ['发布', '编辑', '变更状态', '更新进度', '拆分子任务', '删除']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it("exports the task's progress sheet to anyone who sees the task", async () => {
    serve(task({ capabilities: { can_edit: false, can_update_progress: false, can_split: false, can_delete: false } }));
    const api = serveExport({ polls: [{ status: 'done', kind: 'task_progress', file_name: '项目进度跟踪表_双十一新品发布.xlsx' }] });
    signIn();
    renderApp(`/tasks/${task().id}`);
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /导出进度表/ }, { timeout: 20_000 }));
    await waitFor(() => expect(vi.mocked(saveBlob).mock.calls[0]?.[1]).toBe('项目进度跟踪表_双十一新品发布.xlsx'), {
      timeout: 20_000,
    });
    expect(api.requests).toEqual([{ kind: 'task_progress', task_id: task().id }]);
  });

  it('shows the actions the capabilities allow, and only allowed statuses', async () => {
    serve(task({ status: 'draft', allowed_transitions: ['published', 'cancelled'] }));
    signIn();
    renderApp(`/tasks/${task().id}`);

    expect(await screen.findByRole('button', { name: '发布' }, { timeout: 20_000 })).toBeInTheDocument();
    for (const name of ['编辑', '拆分子任务', '删除']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    // A draft has no progress to report yet.
    expect(screen.queryByRole('button', { name: '更新进度' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /变更状态/ })).toBeInTheDocument();
  });

  it("shows the history entries' server sentences", async () => {
    serve(task());
    signIn();
    renderApp(`/tasks/${task().id}`);
    const tab = await screen.findByRole('tab', { name: '动态' }, { timeout: 20_000 });
    tab.click();
    const entry = await screen.findByTestId('history-entry');
    expect(within(entry).getByText('11月26日 14:30 研发部 徐明 将进度从 0% 改为 50%')).toBeInTheDocument();
  });

  it('names the subtasks their dependencies push past their deadlines, and counts the tree\'s dependencies', async () => {
    const root = task();
    const node = (id: string, title: string, due: string, finish: string): S['GraphNodeDto'] => ({
      id,
      parent_id: id === root.id ? null : root.id,
      title,
      status: 'published',
      percent: 0,
      owner: root.owner,
      start_at: '2026-12-01T00:00:00Z',
      due_at: due,
      earliest_start_at: '2026-12-01T00:00:00Z',
      earliest_finish_at: finish,
      latest_start_at: null,
      latest_finish_at: null,
      slack_seconds: null,
      is_critical: false,
    }) as S['GraphNodeDto'];
    const subtasks = [
      taskSummary({ id: 'a', parent_id: root.id, title: '用户调研' }),
      taskSummary({ id: 'b', parent_id: root.id, title: '方案设计' }),
    ];
    serve(task({ subtasks, subtask_count: 2 }));
    server.use(
      http.get(apiPath('/api/v1/tasks/:task_id/graph'), () =>
        HttpResponse.json<S['TaskGraphDto']>({
          root_id: root.id,
          nodes: [
            node(root.id, root.title, root.due_at, root.due_at),
            node('a', '用户调研', '2026-12-10T15:59:59Z', '2026-12-10T15:59:59Z'),
            // Waits for 用户调研 and needs its days after it: three days past its deadline.
            node('b', '方案设计', '2026-12-12T15:59:59Z', '2026-12-15T10:00:00Z'),
          ],
          edges: [{ id: 'e1', predecessor_id: 'a', successor_id: 'b', kind: 'finish_to_start', lag_days: 0, is_satisfied: false, is_critical: true }],
          critical_path: ['a', 'b'],
          earliest_finish_at: '2026-12-15T10:00:00Z',
          due_at: root.due_at,
          hidden_dependencies: 0,
        }),
      ),
    );
    signIn();
    renderApp(`/tasks/${root.id}`);
    expect(await screen.findByTestId('slipping-subtasks', {}, { timeout: 20_000 })).toHaveTextContent('「方案设计」晚 3 天');
    expect(screen.getByText('1 个子任务有延期风险')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '依赖关系 (1)' })).toBeInTheDocument();
  }, 60_000);
});
