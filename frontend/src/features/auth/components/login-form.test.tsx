import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { tokenStore } from '@/lib/auth/token-store';
import { DEMO_PASSWORD } from '@/testing/fixtures';
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
});
