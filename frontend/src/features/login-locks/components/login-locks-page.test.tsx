import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { admin } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

describe('登录锁定 (administrators)', () => {
  it('lists the locked addresses, accounts and devices and clears one after asking', async () => {
    const items: S['LoginLockDto'][] = [
      {
        id: '0193c000-0000-7000-8000-000000000001',
        kind: 'account',
        subject: 'zhangsan@demo.tandem.cn',
        failures: 0,
        is_locked: true,
        // 03:00 UTC is 11:00 in Shanghai.
        locked_until: '2026-11-26T03:00:00Z',
        lock_count: 2,
        last_failure_at: '2026-11-26T02:58:00Z',
      },
      {
        id: '0193c000-0000-7000-8000-000000000002',
        kind: 'address',
        subject: '203.0.113.7',
        failures: 3,
        is_locked: false,
        locked_until: null,
        lock_count: 0,
        last_failure_at: '2026-11-26T02:59:00Z',
      },
    ];
    const cleared: string[] = [];
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/login-locks'), () => HttpResponse.json<S['LoginLockList']>({ items })),
      http.delete(apiPath('/api/v1/login-locks/:id'), ({ params }) => {
        cleared.push(String(params['id']));
        items.splice(0, 1);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/admin/login-locks');
    const row = (await screen.findByText('zhangsan@demo.tandem.cn', {}, SLOW)).closest('tr')!;
    expect(within(row).getByText('账号')).toBeInTheDocument();
    expect(within(row).getByText(/锁定至 .*11:00/)).toBeInTheDocument();
    const other = screen.getByText('203.0.113.7').closest('tr')!;
    expect(within(other).getByText('来源地址')).toBeInTheDocument();
    expect(within(other).getByText('未锁定')).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: '登录锁定' })).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: '解除 zhangsan@demo.tandem.cn' }));
    const confirm = await screen.findByRole('tooltip', {}, SLOW);
    await user.click(within(confirm).getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(cleared).toEqual(['0193c000-0000-7000-8000-000000000001']), SLOW);
    expect(await screen.findByText('已解除 zhangsan@demo.tandem.cn 的锁定', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('zhangsan@demo.tandem.cn')).not.toBeInTheDocument(), SLOW);
  }, 60_000);

  it('is closed to members', async () => {
    signIn();
    renderApp('/admin/login-locks');
    expect(await screen.findByText('无权访问', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});
