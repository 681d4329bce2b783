import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CalendarFeedCard } from '@/features/meetings/components/calendar-feed-card';
import type { components } from '@/lib/api/schema';
import { apiPath } from '@/testing/handlers';
import { renderWithProviders, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const FEED_URL = 'https://tandem.example.cn/api/v1/calendar/tdm_cal_s3cr3t.ics';

describe('calendar subscription', () => {
  it('makes a feed URL shown once with the calendars that can subscribe, then turns it off', async () => {
    const state: { status: S['CalendarFeedStatus']; created: number; revoked: number } = {
      status: { active: false, created_at: null },
      created: 0,
      revoked: 0,
    };
    server.use(
      http.get(apiPath('/api/v1/me/calendar-feed'), () => HttpResponse.json(state.status)),
      http.post(apiPath('/api/v1/me/calendar-feed'), () => {
        state.created += 1;
        state.status = { active: true, created_at: '2026-11-26T08:00:00Z' };
        return HttpResponse.json<S['CalendarFeedCreated']>({ url: FEED_URL, created_at: '2026-11-26T08:00:00Z' }, { status: 201 });
      }),
      http.delete(apiPath('/api/v1/me/calendar-feed'), () => {
        state.revoked += 1;
        state.status = { active: false, created_at: null };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<CalendarFeedCard timeZone="Asia/Shanghai" />);

    expect(await screen.findByTestId('calendar-feed-status')).toHaveTextContent('未启用');
    expect(screen.queryByRole('button', { name: '停用' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '生成订阅链接' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('calendar-feed-url')).toHaveTextContent(FEED_URL);
    expect(within(dialog).getByText(/Outlook、Apple 日历、Google 日历、钉钉或飞书/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /复制/ })).toBeInTheDocument();
    expect(state.created).toBe(1);

    await user.click(within(dialog).getByRole('button', { name: '关闭' }));
    await waitFor(() => expect(document.body.textContent).not.toContain(FEED_URL));
    await waitFor(() => expect(screen.getByTestId('calendar-feed-status')).toHaveTextContent('已启用'));
    // Once there is a feed, making another says the old link stops working.
    expect(screen.getByRole('button', { name: '重新生成链接' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '停用' }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText(/不再收到会议/)).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(state.revoked).toBe(1));
    await waitFor(() => expect(screen.getByTestId('calendar-feed-status')).toHaveTextContent('未启用'));
  }, 30_000);
});
