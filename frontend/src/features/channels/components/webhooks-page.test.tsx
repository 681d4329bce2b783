import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';

function webhook(overrides: Partial<S['WebhookDto']> = {}): S['WebhookDto'] {
  return {
    id: '0193e000-0000-7000-8000-000000000001',
    owner_id: zhangsan.id,
    url: 'https://ci.example.com/hooks/tandem',
    event_types: ['*'],
    is_active: true,
    created_at: '2026-11-26T08:00:00Z',
    ...overrides,
  };
}

type User = ReturnType<typeof userEvent.setup>;

async function pickOption(user: User, label: string, option: string) {
  const box = screen.getByRole('combobox', { name: label });
  await user.click(box);
  // The list is virtual: search so that the option is rendered.
  fireEvent.change(box, { target: { value: option } });
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-dropdown .ant-select-item-option[title="${option}"]`);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  }, SLOW);
  await user.click(item);
}

// The machine running the suite may be busy: give the UI time to answer.
const SLOW = { timeout: 20_000 };

describe('webhooks', () => {
  it('subscribes a URL to chosen events and shows the secret once, with how to verify it', async () => {
    let hooks: S['WebhookDto'][] = [];
    let sent: S['CreateWebhookRequest'] | null = null;
    server.use(
      http.get(apiPath('/api/v1/webhooks'), () => HttpResponse.json({ items: hooks })),
      http.post(apiPath('/api/v1/webhooks'), async ({ request }) => {
        sent = (await request.json()) as S['CreateWebhookRequest'];
        const created = webhook({ url: sent.url, event_types: sent.event_types });
        hooks = [created];
        return HttpResponse.json<S['WebhookCreated']>({ webhook: created, secret: SECRET }, { status: 201 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/webhooks');

    expect(await screen.findByText('还没有 Webhook 订阅', {}, SLOW)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '添加订阅' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    const url = 'https://ci.example.com/hooks/tandem';
    fireEvent.change(within(dialog).getByLabelText('接收地址'), { target: { value: url } });
    await pickOption(user, '订阅事件', '评论中 @提及');
    await user.click(within(dialog).getByRole('button', { name: /新\s*建/ }));

    await waitFor(() => expect(sent).not.toBeNull(), SLOW);
    expect(sent).toEqual({
      url: 'https://ci.example.com/hooks/tandem',
      event_types: ['comment_mentioned'],
      secret: null,
    });

    const shown = await screen.findByRole('dialog', { name: 'Webhook 已创建' }, SLOW);
    expect(within(shown).getByTestId('webhook-secret')).toHaveTextContent(SECRET);
    expect(within(shown).getByRole('button', { name: /复制/ })).toBeInTheDocument();
    expect(within(shown).getByText(/关闭后将无法再次查看/)).toBeInTheDocument();
    expect(within(shown).getByText(/X-Tandem-Signature: sha256=hex\(HMAC-SHA256\(secret/)).toHaveTextContent(
      '"{X-Tandem-Timestamp}.{body}"',
    );

    await user.click(within(shown).getByRole('button', { name: /关\s*闭/ }));
    await waitFor(() => expect(document.body.textContent).not.toContain(SECRET), SLOW);
    const row = (await screen.findByText('https://ci.example.com/hooks/tandem', {}, SLOW)).closest('tr');
    expect(row).not.toBeNull();
    expect(within(row!).getByText('评论中 @提及')).toBeInTheDocument();
  }, 90_000);

  it('makes 全部事件 replace the kinds picked and sends a secret of the user', async () => {
    let sent: S['CreateWebhookRequest'] | null = null;
    server.use(
      http.get(apiPath('/api/v1/webhooks'), () => HttpResponse.json({ items: [] })),
      http.post(apiPath('/api/v1/webhooks'), async ({ request }) => {
        sent = (await request.json()) as S['CreateWebhookRequest'];
        const created: S['WebhookCreated'] = { webhook: webhook(), secret: sent.secret ?? SECRET };
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/webhooks');
    await screen.findByText('还没有 Webhook 订阅', {}, SLOW);
    await user.click(screen.getByRole('button', { name: '添加订阅' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    fireEvent.change(within(dialog).getByLabelText('接收地址'), { target: { value: 'https://ci.example.com/all' } });
    await pickOption(user, '订阅事件', '会议邀请');
    await pickOption(user, '订阅事件', '全部事件');
    fireEvent.change(within(dialog).getByLabelText('签名密钥（可选）'), { target: { value: 'short' } });
    await user.click(within(dialog).getByRole('button', { name: /新\s*建/ }));
    expect(await within(dialog).findByText('签名密钥至少 16 个字符', {}, SLOW)).toBeInTheDocument();
    const secret = 'my-own-secret-0123456789';
    fireEvent.change(within(dialog).getByLabelText('签名密钥（可选）'), { target: { value: secret } });
    await user.click(within(dialog).getByRole('button', { name: /新\s*建/ }));
    await waitFor(() => expect(sent).not.toBeNull(), SLOW);
    expect(sent).toEqual({ url: 'https://ci.example.com/all', event_types: ['*'], secret });
  }, 90_000);

  it("shows the server's field errors in the form", async () => {
    server.use(
      http.get(apiPath('/api/v1/webhooks'), () => HttpResponse.json({ items: [] })),
      http.post(apiPath('/api/v1/webhooks'), () =>
        problem(422, 'validation_failed', { errors: { url: ['url'], event_types: ['invalid'] } }),
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/webhooks');
    await screen.findByText('还没有 Webhook 订阅', {}, SLOW);
    // Every member has the page in the menu (but not 群机器人, which needs a department to head).
    expect(screen.getByRole('link', { name: 'Webhook 订阅' })).toHaveAttribute('href', '/settings/webhooks');
    expect(screen.queryByRole('link', { name: '群机器人' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '添加订阅' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    fireEvent.change(within(dialog).getByLabelText('接收地址'), { target: { value: 'http://localhost' } });
    await pickOption(user, '订阅事件', '任务完成');
    await user.click(within(dialog).getByRole('button', { name: /新\s*建/ }));
    expect(await within(dialog).findByText('请输入以 http:// 或 https:// 开头的链接', {}, SLOW)).toBeInTheDocument();
    expect(within(dialog).getByText('内容无效或不正确')).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Webhook 已创建' })).not.toBeInTheDocument();
  }, 90_000);

  it('opens the delivery log in the user time zone and deletes after asking', async () => {
    let deleted = 0;
    const deliveries: S['WebhookDeliveryDto'][] = [
      {
        id: 'd-2',
        event_id: 'e-2',
        event_kind: 'task_completed',
        attempt: 2,
        status_code: null,
        error: 'connection refused',
        duration_ms: 1250,
        at: '2026-11-26T08:05:00Z',
      },
      {
        id: 'd-1',
        event_id: 'e-1',
        event_kind: 'task_published',
        attempt: 1,
        status_code: 200,
        error: null,
        duration_ms: 87,
        at: '2026-11-26T08:00:00Z',
      },
    ];
    server.use(
      http.get(apiPath('/api/v1/webhooks'), () => HttpResponse.json({ items: deleted ? [] : [webhook()] })),
      http.get(apiPath('/api/v1/webhooks/:id/deliveries'), () => HttpResponse.json({ items: deliveries })),
      http.delete(apiPath('/api/v1/webhooks/:id'), () => {
        deleted += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/webhooks');
    const row = (await screen.findByText('https://ci.example.com/hooks/tandem', {}, SLOW)).closest('tr')!;
    expect(within(row).getByText('全部事件')).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: '投递记录' }));
    const log = await screen.findByTestId('webhook-deliveries', {}, SLOW);
    expect(await within(log).findByText('connection refused', {}, SLOW)).toBeInTheDocument();
    expect(within(log).getByText('任务完成')).toBeInTheDocument();
    expect(within(log).getByText('200')).toBeInTheDocument();
    expect(within(log).getByText('1,250 毫秒')).toBeInTheDocument();
    // 08:05 UTC is 16:05 in Asia/Shanghai.
    expect(within(log).getByText(/16:05/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Close|关闭/ }));
    await waitFor(() => expect(screen.queryByTestId('webhook-deliveries')).not.toBeInTheDocument(), SLOW);

    await user.click(within(row).getByRole('button', { name: /删\s*除/ }));
    const confirm = await screen.findByRole('tooltip', {}, SLOW);
    await user.click(within(confirm).getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(deleted).toBe(1), SLOW);
    expect(await screen.findByText('Webhook 已删除', {}, SLOW)).toBeInTheDocument();
  }, 90_000);
});
