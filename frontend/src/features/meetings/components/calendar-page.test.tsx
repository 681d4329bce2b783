import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { dayOf } from '@/lib/date';
import { meeting } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };
const DAY = 24 * 3600 * 1000;

/** A meeting starting `days` days from now, 30 minutes long. */
function inDays(days: number, overrides: Partial<S['MeetingDto']>): S['MeetingDto'] {
  const start = new Date(Date.now() + days * DAY);
  start.setUTCSeconds(0, 0);
  const end = new Date(start.getTime() + 30 * 60 * 1000);
  return meeting({ starts_at: start.toISOString(), ends_at: end.toISOString(), ...overrides });
}

describe('日程', () => {
  it('shows my meetings in the month and the next 30 days, cancelled ones struck through, with links', async () => {
    const soon = inDays(2, { id: '0193c000-0000-7000-8000-0000000000a1', title: '发布会协调会', location: '3楼会议室' });
    const cancelled = inDays(3, { id: '0193c000-0000-7000-8000-0000000000a2', title: '彩排', status: 'cancelled' });
    const later = inDays(45, { id: '0193c000-0000-7000-8000-0000000000a3', title: '季度复盘' });
    const asked: { from: string; to: string }[] = [];
    server.use(
      http.get(apiPath('/api/v1/me/meetings'), ({ request }) => {
        const q = new URL(request.url).searchParams;
        const from = q.get('from') ?? '';
        const to = q.get('to') ?? '';
        asked.push({ from, to });
        const items = [soon, cancelled, later].filter((m) => m.starts_at >= from && m.starts_at < to);
        return HttpResponse.json<S['MeetingList']>({ items });
      }),
      http.get(apiPath('/api/v1/me/calendar-feed'), () =>
        HttpResponse.json<S['CalendarFeedStatus']>({ active: false, created_at: null }),
      ),
    );
    signIn();
    renderApp('/calendar');

    expect(await screen.findByText('我的日程', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /日程/ })).toHaveAttribute('href', '/calendar');
    // The next 30 days: both, not the one in 45 days.
    const upcoming = (await screen.findByText('未来 30 天', {}, SLOW)).closest('.ant-card') as HTMLElement;
    await waitFor(() => expect(within(upcoming).getByRole('link', { name: '发布会协调会' })).toBeInTheDocument(), SLOW);
    expect(within(upcoming).getByRole('link', { name: '发布会协调会' })).toHaveAttribute('href', `/meetings/${soon.id}`);
    expect(within(upcoming).getByText('已取消')).toBeInTheDocument();
    expect(within(upcoming).getByRole('link', { name: '彩排' })).toHaveStyle({ textDecoration: 'line-through' });
    expect(within(upcoming).getByText(/任务：.*· 3楼会议室/)).toBeInTheDocument();
    expect(within(upcoming).queryByText('季度复盘')).not.toBeInTheDocument();

    // The month grid puts it on its day in Asia/Shanghai.
    const day = dayOf(soon.starts_at, 'Asia/Shanghai').format('YYYY-MM-DD');
    const cell = await screen.findByRole('list', { name: `${day} 的日程` }, SLOW);
    expect(within(cell).getByRole('link', { name: '发布会协调会' })).toBeInTheDocument();
    // Windows asked for: the month around today and the next 30 days.
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (const w of asked) expect(new Date(w.to).getTime() - new Date(w.from).getTime()).toBeLessThanOrEqual(100 * DAY);
    // The calendar feed card is on the page too.
    expect(screen.getByTestId('calendar-feed-status')).toBeInTheDocument();
  }, 60_000);

  it('says when the next 30 days hold no meeting', async () => {
    server.use(
      http.get(apiPath('/api/v1/me/meetings'), () => HttpResponse.json<S['MeetingList']>({ items: [] })),
      http.get(apiPath('/api/v1/me/calendar-feed'), () =>
        HttpResponse.json<S['CalendarFeedStatus']>({ active: false, created_at: null }),
      ),
    );
    signIn();
    renderApp('/calendar');
    expect(await screen.findByText('未来 30 天没有会议', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});

describe('日程: deadlines and milestones', () => {
  it('puts the deadlines and milestones of my tasks on their days and in the next 30 days, overdue ones marked', async () => {
    const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const longTitle = '2026年第四季度华东区新品推广联合方案制定与渠道铺货计划';
    const items: S['AgendaItemDto'][] = [
      { kind: 'deadline', at: at(-1), task_id: 't-1', task_title: '客户名单整理', milestone: null, overdue: true },
      { kind: 'milestone', at: at(2), task_id: 't-2', task_title: longTitle, milestone: '方案评审', overdue: false },
      { kind: 'deadline', at: at(5), task_id: 't-2', task_title: longTitle, milestone: null, overdue: false },
    ];
    server.use(
      http.get(apiPath('/api/v1/me/deadlines'), ({ request }) => {
        const q = new URL(request.url).searchParams;
        const from = q.get('from') ?? '';
        const to = q.get('to') ?? '';
        return HttpResponse.json<S['AgendaList']>({ items: items.filter((d) => d.at >= from && d.at < to) });
      }),
      http.get(apiPath('/api/v1/me/meetings'), () => HttpResponse.json<S['MeetingList']>({ items: [] })),
      http.get(apiPath('/api/v1/me/calendar-feed'), () =>
        HttpResponse.json<S['CalendarFeedStatus']>({ active: false, created_at: null }),
      ),
    );
    signIn();
    renderApp('/calendar');
    const due = (await screen.findByText('未来 30 天截止', {}, SLOW)).closest('.ant-card') as HTMLElement;
    // The next 30 days start now: yesterday's overdue deadline is in the month grid only.
    await waitFor(() => expect(within(due).getAllByTestId('agenda-due')).toHaveLength(2), SLOW);
    const milestone = within(due).getByRole('link', { name: `里程碑「方案评审」：${longTitle}` });
    expect(milestone).toHaveAttribute('href', '/tasks/t-2');
    expect(within(due).getByRole('link', { name: `截止：${longTitle}` })).toBeInTheDocument();

    // In the month grid, on their days in Asia/Shanghai, the whole title on hover.
    const day = (iso: string) => dayOf(iso, 'Asia/Shanghai').format('YYYY-MM-DD');
    const overdueCell = await screen.findByRole('list', { name: `${day(items[0]!.at)} 的日程` }, SLOW);
    const overdue = within(overdueCell).getByRole('link', { name: '截止：客户名单整理' });
    expect(overdue).toHaveAttribute('href', '/tasks/t-1');
    expect(overdue.getAttribute('style')).toContain('color');
    const cell = await screen.findByRole('list', { name: `${day(items[1]!.at)} 的日程` }, SLOW);
    expect(within(cell).getByRole('link', { name: `里程碑「方案评审」：${longTitle}` })).toHaveAttribute(
      'title',
      `里程碑「方案评审」：${longTitle}`,
    );
  }, 60_000);
});

describe('the day a meeting is shown on', () => {
  it('takes the day in the given time zone', () => {
    // 20:00 UTC on 30 Nov is 04:00 on 1 Dec in Shanghai.
    expect(dayOf('2026-11-30T20:00:00Z', 'Asia/Shanghai').format('YYYY-MM-DD')).toBe('2026-12-01');
    expect(dayOf('2026-11-30T20:00:00Z', 'UTC').format('YYYY-MM-DD')).toBe('2026-11-30');
  });
});
