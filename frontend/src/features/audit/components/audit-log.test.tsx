import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { admin } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { i18n } from '@/lib/i18n';
import { server } from '@/testing/server';

type S = components['schemas'];

const events: S['AuditEventDto'][] = [
  {
    id: 'a-2',
    at: '2026-11-26T06:30:00Z',
    kind: 'user_permissions_changed',
    actor: { id: admin.id, name: admin.name },
    subject_type: 'user',
    subject_id: 'u-9',
    detail: { role: { from: 'member', to: 'dept_head' }, department_id: { from: 'd-2', to: 'd-1' } },
    names: { 'u-9': '徐明', 'd-1': '市场部', 'd-2': '研发部' },
  },
  {
    id: 'a-1',
    at: '2026-11-26T06:00:00Z',
    kind: 'login_failed',
    actor: null,
    subject_type: null,
    subject_id: null,
    detail: { email: 'nobody@demo.tandem.cn' },
    names: {},
  },
];

describe('audit log', () => {
  it('lists events in Chinese and asks the server for the chosen kinds', async () => {
    const asked: string[] = [];
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/audit-events'), ({ request }) => {
        const kind = new URL(request.url).searchParams.get('kind');
        asked.push(kind ?? '');
        const items = kind ? events.filter((e) => kind.split(',').includes(e.kind)) : events;
        return HttpResponse.json({ items, next_cursor: null, total: items.length });
      }),
    );
    signIn();
    renderApp('/admin/audit');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByText('角色/权限变更', {}, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.getByText('（未知账号）')).toBeInTheDocument();
    expect(screen.getByText('邮箱：nobody@demo.tandem.cn')).toBeInTheDocument();
    // Ids read as names, roles and keys in words.
    expect(screen.getByText('用户：徐明')).toBeInTheDocument();
    expect(screen.getByText('角色：成员 → 部门负责人；部门：研发部 → 市场部')).toBeInTheDocument();
    expect(screen.getByText('审计日志', { selector: '.ant-card-head-title' })).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: '按事件类型筛选' }));
    const option = await screen.findByTitle('登录失败');
    await user.click(option);
    expect(await screen.findByText('共 1 条')).toBeInTheDocument();
    expect(asked).toContain('login_failed');
    const table = screen.getByRole('table');
    expect(within(table).queryByText('角色/权限变更')).not.toBeInTheDocument();
  });

  it('reads the details in English with English separators', async () => {
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/audit-events'), () => HttpResponse.json({ items: events, next_cursor: null, total: 2 })),
    );
    await i18n.changeLanguage('en');
    try {
      signIn();
      renderApp('/admin/audit');
      expect(
        await screen.findByText('Role: Member → Department head; Department: 研发部 → 市场部', {}, { timeout: 20_000 }),
      ).toBeInTheDocument();
      expect(screen.getByText('User: 徐明')).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });
});
