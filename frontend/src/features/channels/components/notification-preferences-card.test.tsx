import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { NotificationPreferencesCard } from '@/features/channels/components/notification-preferences-card';
import type { components } from '@/lib/api/schema';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, renderWithProviders, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type Prefs = components['schemas']['NotificationPreferences'];

// The machine running the suite may be busy: give the UI time to answer.
const SLOW = { timeout: 20_000 };

describe('notification preferences', () => {
  it('shows both channels with the always-on note and saves a change of one', async () => {
    let prefs: Prefs = { mail: true, robot: true };
    const sent: Prefs[] = [];
    server.use(
      http.get(apiPath('/api/v1/me/notification-preferences'), () => HttpResponse.json(prefs)),
      http.put(apiPath('/api/v1/me/notification-preferences'), async ({ request }) => {
        const body = (await request.json()) as Prefs;
        sent.push(body);
        prefs = body;
        return HttpResponse.json(prefs);
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<NotificationPreferencesCard />);

    const mail = await screen.findByRole('switch', { name: '邮件通知' }, SLOW);
    const robot = screen.getByRole('switch', { name: '群机器人 @我' });
    expect(mail).toBeChecked();
    expect(robot).toBeChecked();
    expect(screen.getByText(/站内通知始终开启/)).toHaveTextContent('强提醒（高优先级、紧急任务）');

    await user.click(mail);
    await waitFor(() => expect(sent).toEqual([{ mail: false, robot: true }]), SLOW);
    expect(await screen.findByText('通知方式已保存', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('switch', { name: '邮件通知' })).not.toBeChecked(), SLOW);
    expect(screen.getByRole('switch', { name: '群机器人 @我' })).toBeChecked();
  });

  it('says why a change was not saved and keeps the saved value', async () => {
    server.use(
      http.get(apiPath('/api/v1/me/notification-preferences'), () => HttpResponse.json({ mail: true, robot: false })),
      http.put(apiPath('/api/v1/me/notification-preferences'), () => problem(503, 'service_unavailable')),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<NotificationPreferencesCard />);

    const robot = await screen.findByRole('switch', { name: '群机器人 @我' }, SLOW);
    expect(robot).not.toBeChecked();
    await user.click(robot);
    expect(await screen.findByText('服务暂时不可用，请稍后再试。', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: '群机器人 @我' })).not.toBeChecked();
  });

  it('is on the profile page', async () => {
    server.use(
      http.get(apiPath('/api/v1/me/notification-preferences'), () => HttpResponse.json({ mail: true, robot: true })),
      http.get(apiPath('/api/v1/me/calendar-feed'), () => HttpResponse.json({ active: false, created_at: null })),
    );
    signIn();
    renderApp('/me');
    expect(await screen.findByTestId('notification-preferences-card', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByRole('switch', { name: '邮件通知' }, SLOW)).toBeChecked();
  }, 30_000);
});
