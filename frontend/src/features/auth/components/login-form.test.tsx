import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { tokenStore } from '@/lib/auth/token-store';
import { DEMO_PASSWORD, tokenResponse, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup({ delay: null });
  await user.type(await screen.findByLabelText('邮箱'), email);
  await user.type(screen.getByLabelText('密码'), password);
  await user.click(screen.getByRole('button', { name: '登录' }));
}

describe('login form', () => {
  it('shows the translated error for invalid_credentials, not the server detail', async () => {
    renderApp('/login');
    await fillAndSubmit('zhangsan@demo.tandem.cn', 'wrong-password');

    expect(await screen.findByText('邮箱或密码错误。')).toBeInTheDocument();
    expect(screen.queryByText(/English developer detail/)).not.toBeInTheDocument();
    expect(tokenStore.getAccessToken()).toBeNull();
  });

  it('shows too_many_requests with the Retry-After wait', async () => {
    server.use(
      http.post(apiPath('/api/v1/auth/login'), () => problem(429, 'too_many_requests', { headers: { 'Retry-After': '30' } })),
    );
    renderApp('/login');
    await fillAndSubmit('zhangsan@demo.tandem.cn', 'whatever');

    expect(await screen.findByText('操作过于频繁，请稍后再试。')).toBeInTheDocument();
    expect(screen.getByText('请在 30 秒后重试。')).toBeInTheDocument();
  });

  it('signs in, stores both tokens and opens the dashboard', async () => {
    const { router } = renderApp('/login');
    await fillAndSubmit('zhangsan@demo.tandem.cn', DEMO_PASSWORD);

    expect(await screen.findByText('你好，张三')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(tokenStore.getAccessToken()).toBe('access-1');
    expect(tokenStore.getRefreshToken()).toBe('refresh-1');
  });

  it('keeps the device token a first sign-in gives and sends it with the next sign-ins to that account', async () => {
    const sent: unknown[] = [];
    server.use(
      http.post(apiPath('/api/v1/auth/login'), async ({ request }) => {
        const body = (await request.json()) as { email: string; device_token?: string };
        sent.push(body.device_token ?? null);
        // The server gives a token to a device it does not know yet.
        return HttpResponse.json({ ...tokenResponse(zhangsan), device_token: body.device_token ? null : 'tdm_dev_laptop' });
      }),
    );
    renderApp('/login');
    await fillAndSubmit('ZhangSan@demo.tandem.cn', DEMO_PASSWORD);
    expect(await screen.findByText('你好，张三')).toBeInTheDocument();
    // Signed out, then in again (another capitalisation of the same address).
    cleanup();
    tokenStore.clear();
    renderApp('/login');
    await fillAndSubmit('zhangsan@demo.tandem.cn', DEMO_PASSWORD);
    expect(await screen.findByText('你好，张三')).toBeInTheDocument();
    expect(sent).toEqual([null, 'tdm_dev_laptop']);
  });
});
