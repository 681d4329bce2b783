import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { components } from '@/lib/api/schema';
import { saveBlob } from '@/lib/save-file';
import { serveExport } from '@/testing/exports';
import { salesDepartment, taskSummary } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { asPhone } from '@/testing/phone';
import { pickOption } from '@/testing/select';
import { server } from '@/testing/server';

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

/** Answers GET /tasks with no tasks and keeps the query of each call. */
function recordTaskQueries(): URLSearchParams[] {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/api/v1/tasks'), ({ request }) => {
      asked.push(new URL(request.url).searchParams);
      return HttpResponse.json<S['TaskPage']>({ items: [], next_cursor: null, total: 0 });
    }),
  );
  return asked;
}

describe('任务 list on a phone', () => {
  it('shows tasks as cards and keeps the filters in a sheet that says how many apply', async () => {
    asPhone();
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(apiPath('/api/v1/tasks'), ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json<S['TaskPage']>({
          items: [taskSummary({ title: '新品发布会', percent: 40 })],
          next_cursor: null,
          total: 1,
        });
      }),
    );
    signIn();
    renderApp('/tasks');
    const card = await screen.findByTestId('task-card', {}, SLOW);
    expect(card).toHaveTextContent('新品发布会');
    expect(card).toHaveTextContent('40%');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /筛选/ }));
    const sheet = await screen.findByRole('dialog', { name: '筛选与排序' });
    await user.click(within(sheet).getByRole('switch', { name: '只看逾期' }));
    await waitFor(() => expect(asked.at(-1)?.get('overdue')).toBe('true'));
    await user.click(within(sheet).getByRole('button', { name: '查看结果' }));
    // The button tells that one filter narrows the list.
    expect(screen.getByRole('button', { name: /筛选/ }).closest('.ant-badge')).toHaveTextContent('1');
  }, 60_000);
});

describe('任务 list', () => {
  it('starts with the department, scenario and overdue filters a link puts in the URL', async () => {
    const asked = recordTaskQueries();
    signIn();
    renderApp(`/tasks?department_id=${salesDepartment.id}&scenario=emergency&overdue=true`);

    await waitFor(() => expect(asked.length).toBeGreaterThan(0), SLOW);
    expect(asked[0]?.get('department_id')).toBe(salesDepartment.id);
    expect(asked[0]?.get('scenario')).toBe('emergency');
    expect(asked[0]?.get('overdue')).toBe('true');
    expect(asked[0]?.get('sort')).toBe('-updated_at');
    // The controls show those filters (jsdom has no width for the scenario's responsive tags).
    expect(await screen.findByRole('switch', { name: '只看逾期' }, SLOW)).toBeChecked();
    expect(await screen.findByTitle(salesDepartment.name, {}, SLOW)).toBeInTheDocument();
  }, 60_000);

  it('asks for every task without filters in the URL', async () => {
    const asked = recordTaskQueries();
    signIn();
    renderApp('/tasks');

    await waitFor(() => expect(asked.length).toBeGreaterThan(0), SLOW);
    expect([...asked[0]!.keys()].sort()).toEqual(['limit', 'sort']);
    expect(await screen.findByRole('switch', { name: '只看逾期' }, SLOW)).not.toBeChecked();
  }, 60_000);

  it("exports the list's filters to Excel", async () => {
    const asked = recordTaskQueries();
    const api = serveExport({ polls: [{ status: 'done', kind: 'task_list', file_name: '任务列表_20261126.xlsx' }] });
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/tasks?department_id=${salesDepartment.id}&scenario=emergency&overdue=true`);

    await waitFor(() => expect(asked.length).toBeGreaterThan(0), SLOW);
    await user.type(screen.getByPlaceholderText('搜索任务名称或目标'), '发布会{Enter}');
    const priority = screen.getByText('优先级', { selector: '.ant-select-selection-placeholder' });
    await pickOption(user, priority.closest<HTMLElement>('.ant-select-selector')!, '高');
    await waitFor(() => expect(asked.at(-1)?.get('priority')).toBe('high'), SLOW);
    await user.click(screen.getByRole('button', { name: /导出 Excel/ }));

    await waitFor(() => expect(vi.mocked(saveBlob).mock.calls[0]?.[1]).toBe('任务列表_20261126.xlsx'), SLOW);
    expect(api.requests).toEqual([
      {
        kind: 'task_list',
        scenarios: ['emergency'],
        priorities: ['high'],
        department_id: salesDepartment.id,
        q: '发布会',
        overdue: true,
      },
    ]);
  }, 60_000);

  it("starts with the owner's department a report's drill-down puts in the URL, shows it and drops it when cleared", async () => {
    vi.mocked(saveBlob).mockClear();
    const asked = recordTaskQueries();
    const api = serveExport({ polls: [{ status: 'done', kind: 'task_list', file_name: '任务列表_20261126.xlsx' }] });
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(`/tasks?owner_department_id=${salesDepartment.id}&overdue=true`);

    await waitFor(() => expect(asked.length).toBeGreaterThan(0), SLOW);
    expect(asked[0]?.get('owner_department_id')).toBe(salesDepartment.id);
    expect(asked[0]?.get('overdue')).toBe('true');
    expect(asked[0]?.has('department_id')).toBe(false);
    // No control sets it, so a tag says why the list is narrowed; the department control stays empty.
    const tag = await screen.findByText(`负责人部门：${salesDepartment.name}`, {}, SLOW);
    expect(screen.queryByTitle(salesDepartment.name)).not.toBeInTheDocument();
    expect(await screen.findByRole('switch', { name: '只看逾期' }, SLOW)).toBeChecked();

    // The export selects the same tasks.
    await user.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await waitFor(() => expect(vi.mocked(saveBlob).mock.calls[0]?.[1]).toBe('任务列表_20261126.xlsx'), SLOW);
    expect(api.requests).toEqual([{ kind: 'task_list', owner_department_id: salesDepartment.id, overdue: true }]);

    // Clearing it asks again without it and takes it out of the URL; the other filters stay.
    await user.click(screen.getByLabelText('清除负责人部门筛选'));
    await waitFor(() => expect(asked.at(-1)?.has('owner_department_id')).toBe(false), SLOW);
    expect(asked.at(-1)?.get('overdue')).toBe('true');
    expect(tag).not.toBeInTheDocument();
    const search = new URLSearchParams(router.state.location.search);
    expect(search.has('owner_department_id')).toBe(false);
    expect(search.get('overdue')).toBe('true');
  }, 60_000);
});
