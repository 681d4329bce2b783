import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { notification, task } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

describe('notifications panel', () => {
  it('marks a notification read on click and opens its task', async () => {
    const items: S['NotificationDto'][] = [
      notification('n-1', '王芳 发布了任务《双十一新品发布》'),
      notification('n-2', '李强 指派你负责《渠道铺货》', { read_at: '2026-11-26T09:00:00Z', task_id: null }),
    ];
    const marked: string[] = [];
    server.use(
      http.get<never, never, S['NotificationPage']>(apiPath('/api/v1/notifications'), ({ request }) => {
        const unreadOnly = new URL(request.url).searchParams.get('unread') === 'true';
        const list = unreadOnly ? items.filter((n) => !n.read_at) : items;
        const unread = items.filter((n) => !n.read_at).length;
        return HttpResponse.json({ items: list, next_cursor: null, total: list.length, unread_count: unread });
      }),
      http.post<{ notification_id: string }>(apiPath('/api/v1/notifications/:notification_id/read'), ({ params }) => {
        marked.push(params.notification_id);
        const n = items.find((x) => x.id === params.notification_id);
        if (n) n.read_at = '2026-11-26T10:00:00Z';
        return new HttpResponse(null, { status: 204 });
      }),
      http.get<{ task_id: string }, never, S['TaskDto']>(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task())),
      http.get<never, never, S['HistoryPage']>(apiPath('/api/v1/tasks/:task_id/history'), () =>
        HttpResponse.json({ items: [], next_cursor: null }),
      ),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');

    const badge = await screen.findByTestId('notifications-unread', {}, { timeout: 5000 });
    await waitFor(() => expect(badge).toHaveTextContent('1'));
    // The header bell shows the same count.
    expect(await screen.findByRole('button', { name: '通知（1 条未读）' })).toBeInTheDocument();

    await user.click(screen.getByText('未读'));
    await waitFor(() => expect(screen.queryByText('李强 指派你负责《渠道铺货》')).not.toBeInTheDocument());

    await user.click(screen.getByText('王芳 发布了任务《双十一新品发布》'));
    await waitFor(() => expect(marked).toEqual(['n-1']));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${task().id}`));
    expect(await screen.findByRole('heading', { name: '双十一新品发布' }, { timeout: 5000 })).toBeInTheDocument();
  });

  it('opens the list from the bell on any page, and closes it when a notification is opened', async () => {
    const items: S['NotificationDto'][] = [notification('n-1', '王芳 发布了任务《双十一新品发布》')];
    server.use(
      http.get<never, never, S['NotificationPage']>(apiPath('/api/v1/notifications'), () =>
        HttpResponse.json({ items, next_cursor: null, total: 1, unread_count: 1 }),
      ),
      http.post(apiPath('/api/v1/notifications/:notification_id/read'), () => new HttpResponse(null, { status: 204 })),
      http.get<{ task_id: string }, never, S['TaskDto']>(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task())),
      http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/tasks');
    await user.click(await screen.findByRole('button', { name: '通知（1 条未读）' }, { timeout: 5000 }));
    const list = await screen.findByRole('dialog', { name: '通知' });
    expect(router.state.location.pathname).toBe('/tasks');
    await user.click(await within(list).findByText('王芳 发布了任务《双十一新品发布》'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${task().id}`));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '通知' })).not.toBeInTheDocument());
  });

  it('marks all read with 全部已读', async () => {
    let readAll = false;
    server.use(
      http.get<never, never, S['NotificationPage']>(apiPath('/api/v1/notifications'), () =>
        HttpResponse.json({
          items: [notification('n-1', '王芳 发布了任务《双十一新品发布》', { read_at: readAll ? '2026-11-26T10:00:00Z' : null })],
          next_cursor: null,
          total: 1,
          unread_count: readAll ? 0 : 1,
        }),
      ),
      http.post(apiPath('/api/v1/notifications/read-all'), () => {
        readAll = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/');
    const button = await screen.findByRole('button', { name: '全部已读' }, { timeout: 5000 });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByText('已全部标记为已读')).toBeInTheDocument();
    expect(readAll).toBe(true);
    await waitFor(() => expect(screen.getByRole('button', { name: '全部已读' })).toBeDisabled());
  });

  it('acknowledges a notification without opening its task, and shows when', async () => {
    const items: S['NotificationDto'][] = [notification('n-1', '《客户投诉处理》有延期风险')];
    const acked: string[] = [];
    server.use(
      http.get<never, never, S['NotificationPage']>(apiPath('/api/v1/notifications'), () =>
        HttpResponse.json({ items, next_cursor: null, total: 1, unread_count: items.filter((n) => !n.read_at).length }),
      ),
      http.post<{ notification_id: string }>(apiPath('/api/v1/notifications/:notification_id/ack'), ({ params }) => {
        acked.push(params.notification_id);
        items[0] = { ...items[0]!, read_at: '2026-11-26T02:00:00Z', acked_at: '2026-11-26T02:00:00Z' };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    const ack = await screen.findByRole('button', { name: '收到并确认' }, { timeout: 5000 });
    // What the button does is said on hover.
    await user.hover(ack);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('不再重复提醒你');
    await user.click(ack);
    await waitFor(() => expect(acked).toEqual(['n-1']));
    // A short mark keeps the row's width; the time is in its tooltip.
    const mark = await screen.findByText('已确认');
    await user.hover(mark);
    expect(await screen.findByText(/^已确认 \d/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
  });

  it('shows a new comment notification as soon as the event stream announces it, and opens its task', async () => {
    const items: S['NotificationDto'][] = [];
    let push: ((frame: string) => void) | null = null;
    server.use(
      http.get<never, never, S['NotificationPage']>(apiPath('/api/v1/notifications'), () =>
        HttpResponse.json({ items, next_cursor: null, total: items.length, unread_count: items.length }),
      ),
      http.get(apiPath('/api/v1/events'), ({ request }) => {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('event: ready\ndata: {"last_event_id":0}\n\n'));
            push = (frame) => controller.enqueue(encoder.encode(frame));
            request.signal.addEventListener('abort', () => controller.close());
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
      }),
      http.get<{ task_id: string }, never, S['TaskDto']>(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task())),
      http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
      http.post(apiPath('/api/v1/notifications/:notification_id/read'), () => new HttpResponse(null, { status: 204 })),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp('/');
    expect(await screen.findByText('暂无通知', {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(push).not.toBeNull());

    // The server sends its translated title; a kind the SPA has never seen still shows.
    items.push(notification('n-9', '王芳 在《双十一新品发布》的讨论中提到了你', { kind: 'comment_mentioned' }));
    push!('id: 7\nevent: notification\ndata: {"notification_id":"n-9","kind":"comment_mentioned"}\n\n');
    expect(await screen.findByRole('button', { name: '通知（1 条未读）' }, { timeout: 5000 })).toBeInTheDocument();
    await user.click(await screen.findByText('王芳 在《双十一新品发布》的讨论中提到了你'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${task().id}`));
  });
});
