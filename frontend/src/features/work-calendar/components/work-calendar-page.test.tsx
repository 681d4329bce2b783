import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { nowIn } from '@/lib/date';
import { admin } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };
const YEAR = nowIn('Asia/Shanghai').year();

function rowOf(text: string): HTMLElement {
  const row = screen.getByText(text).closest('tr');
  if (!row) throw new Error(`no row ${text}`);
  return row;
}

describe('工作日历 (administrators)', () => {
  it('shows the working hours and exceptions, adds a day and removes one', async () => {
    const days: S['CalendarDayDto'][] = [
      { day: `${YEAR}-10-01`, working: false, name: '国庆节' },
      { day: `${YEAR}-09-28`, working: true, name: '国庆节调休' },
    ];
    const years: (string | null)[] = [];
    const put: { day: string; body: S['CalendarDayRequest'] }[] = [];
    const deleted: string[] = [];
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/work-calendar'), ({ request }) => {
        years.push(new URL(request.url).searchParams.get('year'));
        return HttpResponse.json<S['WorkCalendarDto']>({
          year: YEAR,
          time_zone: 'Asia/Shanghai',
          day_start: '09:00',
          day_end: '18:00',
          is_scheduled: true,
          source: '国务院办公厅关于2026年部分节假日安排的通知',
          days,
        });
      }),
      http.put(apiPath('/api/v1/work-calendar/:day'), async ({ params, request }) => {
        const body = (await request.json()) as S['CalendarDayRequest'];
        const day = String(params['day']);
        put.push({ day, body });
        const saved = { day, working: body.working, name: body.name ?? '' };
        days.push(saved);
        return HttpResponse.json<S['CalendarDayDto']>(saved);
      }),
      http.delete(apiPath('/api/v1/work-calendar/:day'), ({ params }) => {
        const day = String(params['day']);
        deleted.push(day);
        days.splice(
          days.findIndex((d) => d.day === day),
          1,
        );
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/admin/work-calendar');

    expect(await screen.findByText('国庆节', {}, SLOW)).toBeInTheDocument();
    expect(years[0]).toBe(String(YEAR));
    expect(screen.getByText('09:00–18:00')).toBeInTheDocument();
    expect(screen.getByText('Asia/Shanghai')).toBeInTheDocument();
    expect(screen.getByText('国务院办公厅关于2026年部分节假日安排的通知')).toBeInTheDocument();
    expect(screen.queryByTestId('year-unscheduled')).not.toBeInTheDocument();
    expect(within(rowOf('国庆节')).getByText('放假')).toBeInTheDocument();
    expect(within(rowOf('国庆节调休')).getByText('调休上班')).toBeInTheDocument();
    // In the admin menu.
    expect(screen.getByRole('menuitem', { name: '工作日历' })).toBeInTheDocument();

    // Add 10-09 as a make-up working day.
    const date = screen.getByLabelText('日期');
    await user.click(date);
    await user.type(date, `${YEAR}-10-09`);
    // Typing moves the open panel to that month; pick the day there (Enter would submit the form).
    const cell = await waitFor(() => {
      const found = document.querySelector<HTMLElement>(`.ant-picker-dropdown td[title="${YEAR}-10-09"]`);
      if (!found) throw new Error('no cell');
      return found;
    }, SLOW);
    await user.click(cell);
    await user.click(screen.getByRole('radio', { name: '调休上班' }));
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '国庆节调休（二）' } });
    await user.click(screen.getByRole('button', { name: '保存日期' }));
    await waitFor(
      () => expect(put).toEqual([{ day: `${YEAR}-10-09`, body: { working: true, name: '国庆节调休（二）' } }]),
      SLOW,
    );
    expect(await screen.findByText('国庆节调休（二）', {}, SLOW)).toBeInTheDocument();

    // Remove 10-01, after asking.
    await user.click(within(rowOf('国庆节')).getByRole('button', { name: `删除 ${YEAR}-10-01` }));
    const confirm = await screen.findByRole('tooltip', {}, SLOW);
    expect(within(confirm).getByText(/按星期规则计算/)).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(deleted).toEqual([`${YEAR}-10-01`]), SLOW);
    await waitFor(() => expect(screen.queryByText('国庆节')).not.toBeInTheDocument(), SLOW);
  }, 90_000);

  it('imports a year: names each bad line, checks without saving, imports and shows the year', async () => {
    const NEXT = YEAR + 1;
    const stored: Record<number, S['CalendarDayDto'][]> = { [YEAR]: [{ day: `${YEAR}-10-01`, working: false, name: '国庆节' }] };
    const sent: S['CalendarImportRequest'][] = [];
    const good = `year ${NEXT}\nsource 测试安排\n${NEXT}-01-01 off 元旦\n${NEXT}-02-13 work 春节调休上班\n`;
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/work-calendar'), ({ request }) => {
        const y = Number(new URL(request.url).searchParams.get('year'));
        const days = stored[y] ?? [];
        return HttpResponse.json<S['WorkCalendarDto']>({
          year: y,
          time_zone: 'Asia/Shanghai',
          day_start: '09:00',
          day_end: '18:00',
          is_scheduled: days.length > 0,
          source: days.length > 0 ? '测试安排' : null,
          days,
        });
      }),
      http.post<never, S['CalendarImportRequest'], S['CalendarImportDto'] | S['ProblemDetails']>(
        apiPath('/api/v1/work-calendar/imports'),
        async ({ request }) => {
          const body = await request.json();
          sent.push(body);
          if (body.content !== good) {
            return problem(422, 'validation_failed', { errors: { 'lines[4]': ['not_a_weekend'], 'lines[2]': ['invalid_date'] } });
          }
          const days: S['CalendarDayDto'][] = [
            { day: `${NEXT}-01-01`, working: false, name: '元旦' },
            { day: `${NEXT}-02-13`, working: true, name: '春节调休上班' },
          ];
          if (!body.dry_run) stored[NEXT] = days;
          return HttpResponse.json({
            year: NEXT,
            source: '测试安排',
            holidays: 1,
            make_up_days: 1,
            replaced: 0,
            dry_run: body.dry_run ?? false,
            days,
          });
        },
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/admin/work-calendar');
    expect(await screen.findByText('国庆节', {}, SLOW)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '导入节假日安排' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    const text = within(dialog).getByLabelText('安排内容');
    fireEvent.change(text, { target: { value: `year ${NEXT}\n${NEXT}-13-01 off 坏日期\n${NEXT}-01-01 off 元旦\n${NEXT}-02-17 work 周三\n` } });
    await user.click(within(dialog).getByRole('button', { name: '检查' }));
    const problems = await within(dialog).findByTestId('import-problems', {}, SLOW);
    // In line order, each with its number, translated.
    expect(within(problems).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '第 2 行：日期无效（格式 YYYY-MM-DD）',
      '第 4 行：调休上班日应为周六或周日',
    ]);
    expect(within(dialog).getByText('有 2 处错误，未导入任何内容')).toBeInTheDocument();
    expect(sent[0]?.dry_run).toBe(true);

    fireEvent.change(text, { target: { value: good } });
    await user.click(within(dialog).getByRole('button', { name: '检查' }));
    expect(await within(dialog).findByText(`${NEXT} 年：放假 1 天，调休上班 1 天（检查通过，尚未保存）`, {}, SLOW)).toBeInTheDocument();
    expect(within(dialog).getByText(`将替换 ${NEXT} 年已有的 0 天设置`)).toBeInTheDocument();
    expect(stored[NEXT]).toBeUndefined();

    await user.click(within(dialog).getByRole('button', { name: '导入' }));
    await waitFor(() => expect(sent.map((b) => b.dry_run)).toEqual([true, true, false]), SLOW);
    // The page moves to the imported year and shows its days.
    expect(await screen.findByText('春节调休上班', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '年份' }).closest('.ant-select')).toHaveTextContent(`${NEXT} 年`);
  }, 90_000);

  it('says when a year has no holiday schedule, and shows the warnings', async () => {
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/work-calendar'), () =>
        HttpResponse.json<S['WorkCalendarDto']>({
          year: YEAR,
          time_zone: 'Asia/Shanghai',
          day_start: '09:00',
          day_end: '18:00',
          is_scheduled: false,
          source: null,
          days: [],
        }),
      ),
      http.get(apiPath('/api/v1/work-calendar/years'), () =>
        HttpResponse.json<S['CalendarStatusDto']>({
          years: [],
          warnings: [{ kind: 'next_year_missing', year: YEAR + 1, detail: 'English' }],
        }),
      ),
    );
    signIn();
    renderApp('/admin/work-calendar');
    const hint = await screen.findByTestId('year-unscheduled', {}, SLOW);
    expect(hint).toHaveTextContent(`${YEAR} 年没有节假日安排：该年的提醒与升级时限只按周一至周五计算`);
    expect(await screen.findByText(`${YEAR + 1} 年的节假日安排尚未导入`, { exact: false }, SLOW)).toBeInTheDocument();
    // Once, on this page: the banner every other page shows is not repeated here.
    expect(screen.getAllByTestId('calendar-warnings')).toHaveLength(1);
  }, 60_000);

  it('is closed to members', async () => {
    signIn();
    renderApp('/admin/work-calendar');
    expect(await screen.findByText('无权访问', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});
