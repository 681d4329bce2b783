import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { nowIn } from '@/lib/date';
import { admin } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
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
          time_zone: 'Asia/Shanghai',
          day_start: '09:00',
          day_end: '18:00',
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

  it('is closed to members', async () => {
    signIn();
    renderApp('/admin/work-calendar');
    expect(await screen.findByText('无权访问', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});
