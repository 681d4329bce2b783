import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { tokenStore } from '@/lib/auth/token-store';
import { i18n } from '@/lib/i18n';
import { admin } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { asPhone } from '@/testing/phone';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

describe('app layout on a phone', () => {
  it('keeps the menu in a drawer behind one button, which a chosen page closes', async () => {
    asPhone();
    signIn();
    const { router } = renderApp('/');
    const header = await screen.findByRole('banner');
    // One compact row: no name and department spelled out, no menu beside the page.
    expect(within(header).queryByText('销售部')).not.toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: /任务/ })).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(header).getByRole('button', { name: '菜单' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('张三')).toBeInTheDocument();
    expect(within(drawer).getByText('销售部')).toBeInTheDocument();
    await user.click(within(drawer).getByRole('link', { name: '任务' }));
    expect(router.state.location.pathname).toBe('/tasks');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  }, 60_000);
});

describe('app layout', () => {
  it("shows the signed-in user's name and department in the header", async () => {
    signIn();
    renderApp('/');
    const header = await screen.findByRole('banner');
    expect(await within(header).findByText('张三')).toBeInTheDocument();
    expect(within(header).getByText('销售部')).toBeInTheDocument();
    expect(screen.getByText('你好，张三')).toBeInTheDocument();
    // Members do not see the admin menu.
    expect(screen.queryByText('管理')).not.toBeInTheDocument();
  });

  it('sends signed-out visitors to the login page', async () => {
    const { router } = renderApp('/me');
    expect(await screen.findByRole('button', { name: '登录' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?redirect=%2Fme');
  });

  it('shows a 403 page to non-admins on admin pages', async () => {
    signIn();
    renderApp('/admin/users');
    expect(await screen.findByText('无权访问')).toBeInTheDocument();
  });

  it('shows the admin menu to admins', async () => {
    server.use(http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)));
    signIn();
    renderApp('/admin/departments');
    expect(await screen.findByText('管理')).toBeInTheDocument();
    expect(await screen.findByText('部门管理')).toBeInTheDocument();
  });

  it('warns administrators, and only them, when the working calendar lacks a year', async () => {
    let asked = 0;
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/work-calendar/years'), () => {
        asked += 1;
        return HttpResponse.json({
          years: [],
          warnings: [{ kind: 'next_year_missing', year: 2027, detail: 'English detail' }],
        });
      }),
    );
    signIn();
    renderApp('/');
    const banner = await screen.findByTestId('calendar-warnings');
    expect(banner).toHaveTextContent('2027 年的节假日安排尚未导入：请在 1 月 1 日前导入');
    expect(within(banner).getByRole('link', { name: '去导入' })).toHaveAttribute('href', '/admin/work-calendar');
    expect(asked).toBe(1);
  });

  it('does not ask about the working calendar for members', async () => {
    let asked = 0;
    server.use(
      http.get(apiPath('/api/v1/work-calendar/years'), () => {
        asked += 1;
        return HttpResponse.json({ years: [], warnings: [{ kind: 'current_year_missing', year: 2026, detail: 'x' }] });
      }),
    );
    signIn();
    renderApp('/');
    await screen.findByText('你好，张三');
    expect(screen.queryByTestId('calendar-warnings')).not.toBeInTheDocument();
    expect(asked).toBe(0);
  });

  it('switches to English and remembers it', async () => {
    signIn();
    renderApp('/');
    await screen.findByText('你好，张三');
    await userEvent.setup({ delay: null }).click(screen.getByText('English'));
    expect(await screen.findByText('Hello, 张三')).toBeInTheDocument();
    expect(window.localStorage.getItem('tandem.language')).toBe('en');
    await i18n.changeLanguage('zh-CN');
  });

  it('logs out with the refresh token and returns to the login page', async () => {
    let sent: unknown = null;
    server.use(
      http.post(apiPath('/api/v1/auth/logout'), async ({ request }) => {
        sent = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn('access-1', 'refresh-1');
    const { router } = renderApp('/');
    await screen.findByText('你好，张三');
    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: /退出登录/ }));
    expect(await screen.findByRole('button', { name: '登录' })).toBeInTheDocument();
    expect(sent).toEqual({ refresh_token: 'refresh-1' });
    expect(tokenStore.isSignedIn()).toBe(false);
    expect(router.state.location.pathname).toBe('/login');
  });
});
