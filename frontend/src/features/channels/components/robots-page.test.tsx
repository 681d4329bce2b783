import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { admin, rdDepartment, salesDepartment, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const NOW = '2026-11-26T08:00:00Z';

function robot(overrides: Partial<S['RobotDto']> = {}): S['RobotDto'] {
  return {
    id: '0193d000-0000-7000-8000-000000000001',
    name: '销售部工作群',
    platform: 'dingtalk',
    department_id: salesDepartment.id,
    task_id: null,
    is_active: true,
    url_host: 'oapi.dingtalk.com',
    has_secret: true,
    created_at: NOW,
    version: 3,
    ...overrides,
  };
}

type User = ReturnType<typeof userEvent.setup>;

async function pickOption(user: User, label: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: label }));
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-dropdown .ant-select-item-option[title="${option}"]`);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  }, SLOW);
  await user.click(item);
}

function fill(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByText(name).closest('tr');
  if (!row) throw new Error(`no row ${name}`);
  return row;
}

// The machine running the suite may be busy: give the UI time to answer.
const SLOW = { timeout: 20_000 };

describe('group robots', () => {
  it('lists the robots with platform, department or task, host, secret and switch', async () => {
    const taskRobot = robot({
      id: 'r-task',
      name: '发布会任务群',
      platform: 'feishu',
      department_id: null,
      task_id: 't-1',
      has_secret: false,
      url_host: 'open.feishu.cn',
      is_active: false,
    });
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: [robot(), taskRobot] })),
    );
    signIn();
    renderApp('/settings/robots');

    expect(await screen.findByText('销售部工作群', {}, SLOW)).toBeInTheDocument();
    const first = rowOf('销售部工作群');
    expect(within(first).getByText('钉钉')).toBeInTheDocument();
    expect(within(first).getByText('销售部')).toBeInTheDocument();
    expect(within(first).getByText('oapi.dingtalk.com')).toBeInTheDocument();
    expect(within(first).getByText('已设置签名密钥')).toBeInTheDocument();
    expect(within(first).getByRole('switch')).toBeChecked();
    const second = rowOf('发布会任务群');
    expect(within(second).getByText('飞书')).toBeInTheDocument();
    expect(within(second).getByRole('link', { name: '任务' })).toHaveAttribute('href', '/tasks/t-1');
    expect(within(second).getByRole('switch')).not.toBeChecked();
    // The menu names the page for administrators.
    expect(screen.getByRole('link', { name: '群机器人' })).toHaveAttribute('href', '/settings/robots');
  }, 90_000);

  it('adds a department robot', async () => {
    let robots = [robot()];
    let sent: S['CreateRobotRequest'] | null = null;
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: robots })),
      http.post(apiPath('/api/v1/robots'), async ({ request }) => {
        sent = (await request.json()) as S['CreateRobotRequest'];
        const created = robot({
          id: 'r-new',
          name: sent.name,
          platform: sent.platform,
          department_id: sent.department_id ?? null,
          url_host: 'qyapi.weixin.qq.com',
          has_secret: false,
          version: 1,
        });
        robots = [...robots, created];
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/robots');
    await screen.findByText('销售部工作群', {}, SLOW);

    await user.click(screen.getByRole('button', { name: '添加机器人' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(within(dialog).getByText(/以 SEC 开头/)).toBeInTheDocument();
    expect(within(dialog).getByText(/签名校验/)).toBeInTheDocument();
    fill(within(dialog).getByLabelText('名称'), '研发部值班群');
    await pickOption(user, '平台', '企业微信');
    await pickOption(user, '部门', '研发部');
    fill(within(dialog).getByLabelText('Webhook 地址'), 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc');
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));

    await waitFor(() => expect(sent).not.toBeNull(), SLOW);
    expect(sent).toEqual({
      name: '研发部值班群',
      platform: 'wecom',
      webhook_url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc',
      secret: null,
      department_id: rdDepartment.id,
    });
    expect(await screen.findByText('群机器人已添加', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByText('研发部值班群', {}, SLOW)).toBeInTheDocument();
  }, 90_000);

  it('shows the field errors of the server next to the fields', async () => {
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: [] })),
      http.post(apiPath('/api/v1/robots'), () =>
        problem(422, 'validation_failed', { errors: { webhook_url: ['url'], department_id: ['one_of'] } }),
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/robots');
    expect(await screen.findByText('还没有群机器人', {}, SLOW)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '添加机器人' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    fill(within(dialog).getByLabelText('名称'), '群');
    await pickOption(user, '部门', '销售部');
    fill(within(dialog).getByLabelText('Webhook 地址'), 'ftp://nope');
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    expect(await within(dialog).findByText('请输入以 http:// 或 https:// 开头的链接', {}, SLOW)).toBeInTheDocument();
    expect(within(dialog).getByText('请选择一个部门或任务（二者只能选其一）')).toBeInTheDocument();
    expect(within(dialog).getByText('请检查填写的内容。')).toBeInTheDocument();
  }, 90_000);

  it('edits with If-Match, keeps the URL when left empty and removes the secret on 移除密钥', async () => {
    const patches: { ifMatch: string | null; body: S['UpdateRobotRequest'] }[] = [];
    let current = robot();
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: [current] })),
      http.patch(apiPath('/api/v1/robots/:id'), async ({ request }) => {
        const body = (await request.json()) as S['UpdateRobotRequest'];
        patches.push({ ifMatch: request.headers.get('If-Match'), body });
        current = {
          ...current,
          name: body.name ?? current.name,
          has_secret: body.secret === null ? false : current.has_secret,
          version: current.version + 1,
        };
        return HttpResponse.json(current, { headers: { ETag: `"${current.version}"` } });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/robots');
    await screen.findByText('销售部工作群', {}, SLOW);

    await user.click(within(rowOf('销售部工作群')).getByRole('button', { name: /编\s*辑/ }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(within(dialog).getByText('留空则保持当前地址（oapi.dingtalk.com）')).toBeInTheDocument();
    fill(within(dialog).getByLabelText('名称'), '销售部大群');
    await user.click(within(dialog).getByRole('button', { name: '移除密钥' }));
    expect(within(dialog).getByText('保存后将移除签名密钥')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));

    await waitFor(() => expect(patches).toHaveLength(1), SLOW);
    expect(patches[0]).toEqual({ ifMatch: '"3"', body: { name: '销售部大群', secret: null } });
    expect(await screen.findByText('群机器人已保存', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByText('销售部大群', {}, SLOW)).toBeInTheDocument();
    expect(within(rowOf('销售部大群')).getByText('未设置签名密钥')).toBeInTheDocument();

    // The switch in the list turns it off with the new version.
    await user.click(within(rowOf('销售部大群')).getByRole('switch'));
    await waitFor(() => expect(patches).toHaveLength(2), SLOW);
    expect(patches[1]).toEqual({ ifMatch: '"4"', body: { is_active: false } });
  }, 90_000);

  it("sends a test message and, when the platform refuses, shows why with the platform's answer", async () => {
    let ok = true;
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: [robot()] })),
      http.post(apiPath('/api/v1/robots/:id/test'), () =>
        ok
          ? new HttpResponse(null, { status: 204 })
          : HttpResponse.json(
              {
                type: 'about:blank',
                title: 'Bad Gateway',
                status: 502,
                detail: 'dingtalk answered errcode 310000: sign not match',
                code: 'delivery_failed',
              },
              { status: 502, headers: { 'Content-Type': 'application/problem+json' } },
            ),
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/robots');
    await screen.findByText('销售部工作群', {}, SLOW);

    await user.click(within(rowOf('销售部工作群')).getByRole('button', { name: '发送测试消息' }));
    expect(await screen.findByText('测试消息已发送，请到群里查看', {}, SLOW)).toBeInTheDocument();

    ok = false;
    await user.click(within(rowOf('销售部工作群')).getByRole('button', { name: '发送测试消息' }));
    expect(await screen.findByText('消息发送失败：对方服务拒绝或未响应，请检查地址和密钥。', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText('平台返回：dingtalk answered errcode 310000: sign not match')).toBeInTheDocument();
  }, 90_000);

  it('deletes a robot after asking', async () => {
    let deleted = 0;
    server.use(
      http.get(apiPath('/api/v1/me'), () => HttpResponse.json(admin)),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: deleted ? [] : [robot()] })),
      http.delete(apiPath('/api/v1/robots/:id'), () => {
        deleted += 1;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/robots');
    await screen.findByText('销售部工作群', {}, SLOW);
    await user.click(within(rowOf('销售部工作群')).getByRole('button', { name: /删\s*除/ }));
    const confirm = await screen.findByRole('tooltip', {}, SLOW);
    expect(within(confirm).getByText(/该群将不再收到推送/)).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(deleted).toBe(1), SLOW);
    expect(await screen.findByText('还没有群机器人', {}, SLOW)).toBeInTheDocument();
  }, 90_000);

  it('is open to department heads, for their departments only, and closed to other members', async () => {
    // 张三 heads no department by default: no menu entry, and a 403 page.
    signIn();
    const first = renderApp('/settings/robots');
    expect(await screen.findByText('无权访问', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByText('群机器人')).not.toBeInTheDocument();
    first.unmount();

    const headed = { ...salesDepartment, heads: [{ id: zhangsan.id, name: zhangsan.name }] };
    server.use(
      http.get(apiPath('/api/v1/departments'), () =>
        HttpResponse.json({ items: [headed, rdDepartment], next_cursor: null, total: 2 }),
      ),
      http.get(apiPath('/api/v1/robots'), () => HttpResponse.json({ items: [] })),
    );
    const user = userEvent.setup({ delay: null });
    renderApp('/settings/robots');
    expect(await screen.findByText('还没有群机器人', {}, SLOW)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '添加机器人' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    // The one department he heads is chosen, and it is the only choice.
    expect(within(dialog).getByTitle('销售部')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: '部门' }));
    const option = (name: string) =>
      document.querySelector(`.ant-select-dropdown .ant-select-item-option[title="${name}"]`);
    await waitFor(() => expect(option('销售部')).not.toBeNull(), SLOW);
    expect(option('研发部')).toBeNull();
  }, 90_000);
});
