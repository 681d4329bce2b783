import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { task, taskSummary } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { i18n } from '@/lib/i18n';

type S = components['schemas'];

const id = (n: number) => `0193a000-0000-7000-8000-0000000007${String(n).padStart(2, '0')}`;
const day = (d: number) => new Date(Date.UTC(2030, 2, 1 + d)).toISOString().replace('.000', '');

function node(n: number, title: string, over: Partial<S['GraphNodeDto']> = {}): S['GraphNodeDto'] {
  return {
    id: id(n),
    parent_id: n === 0 ? null : id(0),
    title,
    status: 'published',
    percent: 0,
    owner: { id: 'u-1', name: '王芳' },
    start_at: day(0),
    due_at: day(3),
    earliest_start_at: day(0),
    earliest_finish_at: day(3),
    latest_start_at: day(0),
    latest_finish_at: day(3),
    slack_seconds: 0,
    is_critical: false,
    is_blocked: false,
    is_at_risk: false,
    is_summary: false,
    is_external: false,
    ...over,
  };
}

/** 调研 → 设计 → 开发, 设计 at risk; 物料 off the critical path. */
const graph: S['TaskGraphDto'] = {
  root_id: id(0),
  nodes: [
    node(0, '新品发布', { due_at: day(30), slack_seconds: null, is_summary: true }),
    node(1, '调研', { is_critical: true }),
    node(2, '设计', { start_at: day(2), due_at: day(4), earliest_start_at: day(3), earliest_finish_at: day(5), is_critical: true, is_at_risk: true, is_blocked: true }),
    node(3, '开发', { start_at: day(5), due_at: day(9), earliest_start_at: day(5), earliest_finish_at: day(9), is_critical: true }),
    node(4, '物料', { slack_seconds: 86_400 * 6 }),
  ],
  edges: [
    { id: id(51), predecessor_id: id(1), successor_id: id(2), kind: 'finish_to_start', lag_days: 0, is_satisfied: false, is_critical: true },
    { id: id(52), predecessor_id: id(2), successor_id: id(3), kind: 'finish_to_start', lag_days: 0, is_satisfied: false, is_critical: true },
  ],
  critical_path: [id(1), id(2), id(3)],
  earliest_finish_at: day(9),
  due_at: day(30),
  hidden_dependencies: 0,
};

const design = task({
  id: id(2),
  title: '设计',
  parent_id: id(0),
  status: 'published',
  is_blocked: true,
  is_at_risk: true,
  start_at: day(2),
  earliest_start_at: day(3),
  predecessors: [
    { id: id(51), kind: 'finish_to_start', lag_days: 0, task: { id: id(1), title: '调研', status: 'in_progress' }, is_satisfied: false },
  ],
  successors: [
    { id: id(52), kind: 'finish_to_start', lag_days: 0, task: { id: id(3), title: '开发', status: 'published' }, is_satisfied: true },
  ],
});

function serve() {
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(design)),
    http.get(apiPath('/api/v1/tasks/:task_id/graph'), () => HttpResponse.json(graph)),
    http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
    http.get(apiPath('/api/v1/tasks'), () =>
      HttpResponse.json({ items: [taskSummary({ id: id(3), title: '开发' })], next_cursor: null, total: 1 }),
    ),
  );
}

describe('task dependencies', () => {
  it('shows the critical path, the at-risk warning and the timeline rows', async () => {
    serve();
    signIn();
    renderApp(`/tasks/${id(2)}`);
    const user = userEvent.setup();

    expect(await screen.findByText('有延期风险', {}, { timeout: 20_000 })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: /依赖关系/ }));
    const path = await screen.findByTestId('critical-path');
    expect(path).toHaveTextContent('关键路径调研 → 设计 → 开发');
    expect(screen.getByText(/有延期风险：受前置任务影响，最早/)).toBeInTheDocument();
    const rows = screen.getAllByTestId('timeline-row');
    expect(rows.map((r) => r.getAttribute('data-title'))).toEqual(['新品发布', '调研', '设计', '开发', '物料']);
    const at = (title: string) => rows.find((r) => r.getAttribute('data-title') === title)!;
    expect(at('设计').getAttribute('data-at-risk')).toBe('true');
    expect(at('物料').getAttribute('data-critical')).toBe('false');
    expect(within(screen.getByTestId('predecessor')).getByText('等待中')).toBeInTheDocument();
  });

  it('explains a refused cycle in Chinese, naming the tasks it runs through', async () => {
    serve();
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/dependencies'), () =>
        problem(409, 'dependency_cycle', { allowed: [id(3), id(2), id(3)] }),
      ),
    );
    signIn();
    renderApp(`/tasks/${id(2)}`);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('tab', { name: /依赖关系/ }, { timeout: 20_000 }));
    await user.click(screen.getByRole('combobox', { name: '前置任务' }));
    await user.click(await screen.findByTitle('开发'));
    await user.click(screen.getByRole('button', { name: '添加前置任务' }));
    expect(await screen.findByTestId('dependency-error')).toHaveTextContent('不能添加：会形成循环依赖：开发 → 设计 → 开发');
  });

  it('adds a dependency from the other side: a task that waits for this one', async () => {
    serve();
    const posted: { task: string; body: unknown }[] = [];
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/dependencies'), async ({ request, params }) => {
        posted.push({ task: String(params.task_id), body: await request.json() });
        return HttpResponse.json({}, { status: 201 });
      }),
      // 开发 already waits for 设计; 测试 does not yet.
      http.get(apiPath('/api/v1/tasks'), () =>
        HttpResponse.json({ items: [taskSummary({ id: id(3), title: '开发' }), taskSummary({ id: id(4), title: '测试' })], next_cursor: null, total: 2 }),
      ),
    );
    signIn();
    renderApp(`/tasks/${id(2)}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: /依赖关系/ }, { timeout: 20_000 }));
    await user.click(screen.getByText('等待此任务'));
    await user.click(await screen.findByRole('combobox', { name: '后续任务' }));
    await user.click(await screen.findByTitle('测试'));
    expect(screen.queryByTitle('开发')).toBeNull();
    await user.click(screen.getByRole('button', { name: '添加后续任务' }));
    await waitFor(() => expect(posted).toHaveLength(1));
    // 测试 waits for this task: the dependency is the successor's.
    expect(posted[0]).toEqual({ task: id(4), body: { predecessor_id: id(2), kind: 'finish_to_start', lag_days: 0 } });
  });

  it('lists what a blocked task waits for in the reader\'s language', async () => {
    serve();
    await i18n.changeLanguage('en');
    try {
      signIn();
      renderApp(`/tasks/${id(2)}`);
      expect(await screen.findByText('Waiting for: 调研 (In progress)', {}, { timeout: 20_000 })).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });
});
