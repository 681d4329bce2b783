import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { ChartOption } from '@/features/reports/components/echart';
import { approvalTimes, efficiencyReport, emptyReport } from '@/features/reports/testing/fixtures';
import type { components } from '@/lib/api/schema';
import { nowIn } from '@/lib/date';
import { saveBlob } from '@/lib/save-file';
import { serveExport } from '@/testing/exports';
import { admin, marketingDepartment, salesDepartment, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { pickOption } from '@/testing/select';
import { server } from '@/testing/server';

type S = components['schemas'];

// jsdom has no canvas: the charts render as a labelled box that carries their data; a click on
// the box stands for a click on the first bar.
vi.mock('@/features/reports/components/echart', () => ({
  EChart: ({ option, label, onClick }: { option: ChartOption; label: string; onClick?: (dataIndex: number) => void }) => (
    <div role="img" aria-label={label} data-option={JSON.stringify(option)} onClick={() => onClick?.(0)} />
  ),
}));
// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

const SLOW = { timeout: 20_000 };

/** 李四 heads 销售部 (see salesDepartment.heads). */
const lisi: S['MeDto'] = { ...zhangsan, id: salesDepartment.heads[0]!.id, name: '李四', role: 'dept_head' };

function serveReport(me: S['MeDto'], answer: () => Response = () => HttpResponse.json(efficiencyReport())) {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/api/v1/me'), () => HttpResponse.json(me)),
    http.get(apiPath('/api/v1/reports/efficiency'), ({ request }) => {
      asked.push(new URL(request.url).searchParams);
      return answer();
    }),
  );
  return asked;
}

const day = (offset: number) => nowIn('Asia/Shanghai').startOf('day').add(offset, 'day').format('YYYY-MM-DD');

const reportsMenuItem = () => document.querySelector('.ant-menu a[href="/reports"]');

/** The texts of a table's rows (the totals last), cell by cell. */
function tableRows(testId: string): string[][] {
  const rows = screen.getByTestId(testId).querySelectorAll('tbody tr.ant-table-row, tfoot tr');
  return [...rows].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
}

function chartData(name: string): ChartOption {
  // A plain selector: role queries walk the whole (large) page's accessibility tree.
  const chart = document.querySelector(`[role="img"][aria-label="${name}"]`);
  return JSON.parse(chart?.getAttribute('data-option') ?? '{}') as ChartOption;
}

describe('报表', () => {
  it('shows the totals, the charts and every department for the last 28 days', async () => {
    const asked = serveReport(admin);
    signIn();
    renderApp('/reports');

    const rate = await screen.findByTestId('kpi-on_time_rate', {}, SLOW);
    expect(within(rate).getByText('33.3%')).toBeInTheDocument();
    expect(within(rate).getByText('2 / 6 按时完成')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-due')).getByText('6')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-overdue_now')).getByText('3')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-average_delay_hours')).getByText('26.5')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-median_ack_hours')).getByText('1.5')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-ack_breaches')).getByText('3')).toBeInTheDocument();
    const help = screen.getByTestId('kpi-help_answered_within_24h');
    expect(within(help).getByText('3')).toBeInTheDocument();
    expect(within(help).getByText('共收到 4 个')).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-escalations')).getByText('2')).toBeInTheDocument();
    // Definitions from the API docs are one hover away.
    expect(within(rate).getByLabelText(/按时完成 ÷ 到期任务/)).toBeInTheDocument();

    // The default period: 28 days ending today, in the user's time zone; TOP 5.
    expect(asked[0]?.get('from')).toBe(day(-27));
    expect(asked[0]?.get('to')).toBe(day(0));
    expect(asked[0]?.get('top')).toBe('5');
    expect(asked[0]?.has('department_id')).toBe(false);
    expect(screen.getByText(/统计区间 2026年10月30日 至 2026年11月26日（Asia\/Shanghai）/)).toBeInTheDocument();

    // One row per department, with the rate as a percentage and missing figures as —.
    const table = document.querySelector<HTMLElement>('.ant-table')!;
    const rows = [...table.querySelectorAll<HTMLElement>('tr')];
    const sales = rows.find((r) => within(r).queryByText('销售部'));
    const rd = rows.find((r) => within(r).queryByText('研发部'));
    expect(rows.some((r) => within(r).queryByText('市场部'))).toBe(true);
    expect(within(sales!).getByText('33.3%')).toBeInTheDocument();
    expect(within(sales!).getByText('30.5')).toBeInTheDocument();
    expect(within(rd!).getAllByText('—').length).toBeGreaterThan(0);
    expect(within(table).getByText('合计')).toBeInTheDocument();

    // The four charts, with the report's figures.
    expect(chartData('逾期任务最多的部门 TOP 5').series).toMatchObject([{ data: [2, 1] }]);
    expect(chartData('各部门按时完成率').series).toMatchObject([{ data: [0.3333, 0.3333, '-'] }]);
    expect(chartData('每周趋势').series).toMatchObject([{ data: [1, 2, 0, 2, 1] }, { data: [1, 0, '-', 0.5, 0] }]);
    expect(chartData('交接等待：谁在让别人等').series).toMatchObject([{ data: [30.5, 4] }]);

    expect(screen.getByRole('button', { name: /导出 Excel/ })).toBeEnabled();
    // Administrators have 报表 in the menu.
    expect(reportsMenuItem()).toBeInTheDocument();
  }, 60_000);

  it("drills down from a department's overdue count to the overdue tasks its members own", async () => {
    serveReport(admin);
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/reports');

    await user.click(await screen.findByRole('link', { name: '查看销售部的逾期任务' }, SLOW));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tasks'), SLOW);
    // The report counts a task for its owner's department, so the list filters by that (not by
    // the initiating or collaborating departments that department_id means).
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('owner_department_id')).toBe(salesDepartment.id);
    expect(search.get('overdue')).toBe('true');
    expect(search.has('department_id')).toBe(false);
    // The task list starts with those filters (tasks-page.test.tsx shows it asks the server for them).
    expect(await screen.findByRole('switch', { name: '只看逾期' }, SLOW)).toBeChecked();
    expect(await screen.findByText(`负责人部门：${salesDepartment.name}`, {}, SLOW)).toBeInTheDocument();
  }, 60_000);

  it('drills down from a bar of 逾期任务最多的部门 TOP to the overdue tasks its department owns', async () => {
    serveReport(admin);
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/reports?scenario=emergency');

    await screen.findByTestId('kpi-on_time_rate', {}, SLOW);
    // The first bar: 销售部 (see efficiencyReport's overdue_top).
    await user.click(document.querySelector<HTMLElement>('[role="img"][aria-label="逾期任务最多的部门 TOP 5"]')!);
    await waitFor(() => expect(router.state.location.pathname).toBe('/tasks'), SLOW);
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('owner_department_id')).toBe(salesDepartment.id);
    expect(search.get('overdue')).toBe('true');
    expect(search.get('scenario')).toBe('emergency');
    expect(search.has('department_id')).toBe(false);
  }, 60_000);

  it('explains that reports are for heads and administrators when the server says 403', async () => {
    serveReport(zhangsan, () => problem(403, 'forbidden'));
    signIn();
    renderApp('/reports');

    expect(await screen.findByText('报表仅对部门负责人和管理员开放', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText(/部门负责人可以查看所负责部门的报表/)).toBeInTheDocument();
    // Members do not have 报表 in the menu.
    expect(reportsMenuItem()).not.toBeInTheDocument();
  }, 60_000);

  it("says a head may not read another department's report, next to the filters", async () => {
    serveReport(lisi, () => problem(403, 'forbidden'));
    signIn();
    renderApp(`/reports?department_id=${marketingDepartment.id}`);

    expect(await screen.findByText('你没有执行此操作的权限。', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByText('报表仅对部门负责人和管理员开放')).not.toBeInTheDocument();
    expect(screen.getByText('统计区间')).toBeInTheDocument();
  }, 60_000);

  it('asks again with from/to when the period changes, and a head picks one of the departments they head', async () => {
    const asked = serveReport(lisi);
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/reports');

    await screen.findByTestId('kpi-on_time_rate', {}, SLOW);
    // Heads have 报表 in the menu too (once the departments list names them).
    await waitFor(() => expect(reportsMenuItem()).toBeInTheDocument(), SLOW);
    await user.click(screen.getAllByPlaceholderText('开始日期')[0]!);
    await user.click(await screen.findByText('近 7 天', {}, SLOW));
    await waitFor(() => expect(asked.at(-1)?.get('from')).toBe(day(-6)), SLOW);
    expect(asked.at(-1)?.get('to')).toBe(day(0));
    // The filters live in the URL, so going back from a drill-down keeps them.
    expect(new URLSearchParams(router.state.location.search).get('from')).toBe(day(-6));

    // 李四 heads 销售部 only: 市场部 is not offered.
    await pickOption(user, screen.getByRole('combobox', { name: '部门' }), salesDepartment.name);
    expect(document.querySelector(`.ant-select-item-option[title="${marketingDepartment.name}"]`)).toBeNull();
    await waitFor(() => expect(asked.at(-1)?.get('department_id')).toBe(salesDepartment.id), SLOW);
    expect(asked.at(-1)?.get('from')).toBe(day(-6));
  }, 90_000);

  it('filters by scenario', async () => {
    const asked = serveReport(admin);
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/reports');

    await screen.findByTestId('kpi-on_time_rate', {}, SLOW);
    await pickOption(user, screen.getByRole('combobox', { name: '协作类型' }), '紧急事务');
    await waitFor(() => expect(asked.at(-1)?.get('scenario')).toBe('emergency'), SLOW);
  }, 60_000);

  it('exports the report with the filters on screen and saves the workbook under its name', async () => {
    serveReport(admin);
    const api = serveExport({
      polls: [{ status: 'queued' }, { status: 'running' }, { status: 'done', file_name: '效率报表_20260901_20260930.xlsx' }],
    });
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp(`/reports?from=2026-09-01&to=2026-09-30&department_id=${salesDepartment.id}&scenario=emergency`);

    await screen.findByTestId('kpi-on_time_rate', {}, SLOW);
    await user.click(screen.getByRole('button', { name: /导出 Excel/ }));
    expect(await screen.findByText('正在生成 Excel…', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(vi.mocked(saveBlob).mock.calls[0]?.[1]).toBe('效率报表_20260901_20260930.xlsx'), SLOW);
    // The report's own filters, without its TOP N (the workbook lists every department).
    expect(api.requests).toEqual([
      { kind: 'efficiency_report', from: '2026-09-01', to: '2026-09-30', department_id: salesDepartment.id, scenario: 'emergency' },
    ]);
    expect(api.polled()).toBe(3);
  }, 60_000);

  it('shows 审批时效 by step and by the approvers\' department, in the order the server gives', async () => {
    serveReport(admin, () => HttpResponse.json(efficiencyReport({ approvals: approvalTimes })));
    signIn();
    renderApp('/reports');

    const section = await screen.findByTestId('approval-times', {}, SLOW);
    expect(within(section).getByText('审批时效')).toBeInTheDocument();
    expect(within(section).getByText('按审批人部门：谁在让申请等待')).toBeInTheDocument();
    // Decisions, median, average, waiting now, longest wait: hours with one decimal, — for none.
    expect(tableRows('approvals-by-step')).toEqual([
      ['财务复核', '2', '30.3', '30.3', '1', '52.4'],
      ['部门审批', '3', '2', '2', '1', '4.5'],
      ['合计', '5', '2.2', '13.3', '2', '52.4'],
    ]);
    expect(tableRows('approvals-by-department')).toEqual([
      ['销售部', '2', '30.3', '30.3', '0', '—'],
      ['市场部', '3', '2', '2', '1', '4.5'],
      ['（无部门）', '0', '—', '—', '1', '52.4'],
      ['合计', '5', '2.2', '13.3', '2', '52.4'],
    ]);
  }, 60_000);

  it('says when no approver decided anything in the period', async () => {
    serveReport(admin);
    signIn();
    renderApp('/reports');

    const section = await screen.findByTestId('approval-times', {}, SLOW);
    expect(within(section).getByText('统计区间内没有审批决定，也没有等待审批的申请')).toBeInTheDocument();
    expect(screen.queryByTestId('approvals-by-step')).not.toBeInTheDocument();
  }, 60_000);

  it('says when there is nothing to report', async () => {
    serveReport(admin, () => HttpResponse.json(emptyReport()));
    signIn();
    renderApp('/reports');

    expect(await screen.findByText('所选条件下没有可统计的任务', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByTestId('kpi-on_time_rate')).not.toBeInTheDocument();
    expect(screen.queryByTestId('approval-times')).not.toBeInTheDocument();
  }, 60_000);

  it('names a period the server refuses', async () => {
    serveReport(admin, () => problem(422, 'validation_failed', { errors: { from: ['range'] } }));
    signIn();
    renderApp('/reports?from=2024-01-01&to=2026-01-01');

    expect(await screen.findByText('统计区间最长 366 天', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
  }, 60_000);
});
