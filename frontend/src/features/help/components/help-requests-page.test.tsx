import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { task, zhangsan } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { pickOption } from '@/testing/select';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };

function help(id: string, overrides: Partial<S['HelpRequestDto']> = {}): S['HelpRequestDto'] {
  return {
    id,
    task_id: task().id,
    task_title: task().title,
    requester: { id: zhangsan.id, name: zhangsan.name },
    department_id: '0193a000-0000-7000-8000-000000000005',
    department_name: '研发部',
    assignee: { id: '0193a000-0000-7000-8000-000000000104', name: '杨帆' },
    what: '请安排一名前端开发',
    status: 'open',
    answer: null,
    answered_by: null,
    answered_at: null,
    escalated_to: null,
    escalated_at: null,
    calendar_fallback_years: [],
    created_at: '2026-11-26T08:00:00Z',
    ...overrides,
  };
}

describe('求助 page', () => {
  it('lists sent requests with their status and answers received ones', async () => {
    const sent = [
      help('h-1', {
        status: 'escalated',
        escalated_to: { id: 'u-9', name: '赵总' },
        escalated_at: '2026-11-27T02:00:00Z',
      }),
      help('h-2', {
        what: '借用测试机',
        status: 'answered',
        answer: '下周一送到',
        answered_by: { id: '0193a000-0000-7000-8000-000000000104', name: '杨帆' },
        answered_at: '2026-11-26T09:00:00Z',
      }),
    ];
    const received = [
      help('h-3', {
        requester: { id: 'u-7', name: '王芳' },
        department_name: '销售部',
        assignee: { id: zhangsan.id, name: zhangsan.name },
        what: '需要 20 个客户名单',
        escalates_at: '2026-11-27T08:00:00Z',
        calendar_fallback_years: [2027],
      }),
    ];
    const answers: { id: string; body: S['AnswerHelpRequest'] }[] = [];
    const boxes: (string | null)[] = [];
    server.use(
      http.get(apiPath('/api/v1/help-requests'), ({ request }) => {
        const box = new URL(request.url).searchParams.get('box');
        boxes.push(box);
        return HttpResponse.json<S['HelpRequestList']>({ items: box === 'received' ? received : sent });
      }),
      http.post(apiPath('/api/v1/help-requests/:id/answer'), async ({ params, request }) => {
        const body = (await request.json()) as S['AnswerHelpRequest'];
        answers.push({ id: String(params['id']), body });
        const h = received[0]!;
        Object.assign(h, {
          status: 'answered',
          answer: body.answer,
          answered_by: { id: zhangsan.id, name: zhangsan.name },
          answered_at: '2026-11-26T10:00:00Z',
        });
        return HttpResponse.json<S['HelpRequestDto']>(h);
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/help-requests');

    expect(await screen.findByText('请安排一名前端开发', {}, SLOW)).toBeInTheDocument();
    expect(boxes[0]).toBe('sent');
    const [escalated, answered] = screen.getAllByTestId('help-request');
    expect(within(escalated!).getByText('已升级')).toBeInTheDocument();
    // 02:00 UTC is 10:00 in Asia/Shanghai.
    expect(within(escalated!).getByText(/已于 .*10:00 升级给 赵总/)).toBeInTheDocument();
    expect(within(escalated!).getByRole('link', { name: task().title })).toHaveAttribute('href', `/tasks/${task().id}`);
    expect(within(escalated!).getByText('杨帆')).toBeInTheDocument();
    expect(within(answered!).getByText('已回复')).toBeInTheDocument();
    expect(within(answered!).getByText('下周一送到')).toBeInTheDocument();
    // Nothing to answer among my own requests.
    expect(screen.queryByRole('button', { name: '回复' })).not.toBeInTheDocument();
    // In the main menu.
    expect(screen.getByRole('menuitem', { name: /求助/ })).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: '我收到的' }));
    expect(await screen.findByText('需要 20 个客户名单', {}, SLOW)).toBeInTheDocument();
    const item = screen.getByText('需要 20 个客户名单').closest<HTMLElement>('[data-testid="help-request"]')!;
    expect(within(item).getByText('待回复')).toBeInTheDocument();
    // 08:00 UTC is 16:00 in Asia/Shanghai.
    expect(within(item).getByText(/若未回复，将于 .*16:00 升级给其分管领导/)).toBeInTheDocument();
    expect(within(item).getByTestId('help-calendar-fallback')).toHaveTextContent(
      '按周一至周五计算：工作日历中还没有 2027 年的节假日安排',
    );
    await user.click(within(item).getByRole('button', { name: '回复' }));
    fireEvent.change(within(item).getByLabelText('回复内容'), { target: { value: '明天发你' } });
    await user.click(within(item).getByRole('button', { name: '发送回复' }));

    await waitFor(() => expect(answers).toEqual([{ id: 'h-3', body: { answer: '明天发你' } }]), SLOW);
    expect(await screen.findByText('明天发你', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(within(item).getByText('已回复')).toBeInTheDocument(), SLOW);
    expect(within(item).queryByRole('button', { name: '回复' })).not.toBeInTheDocument();
  }, 60_000);

  it('starts a request from the page: it says a request starts from a task and asks which one', async () => {
    const posted: unknown[] = [];
    server.use(
      http.get(apiPath('/api/v1/help-requests'), () => HttpResponse.json({ items: [] })),
      http.get(apiPath('/api/v1/tasks'), ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        const items = task().title.includes(q) ? [task()] : [];
        return HttpResponse.json({ items, next_cursor: null, total: items.length });
      }),
      http.post(apiPath('/api/v1/help-requests'), async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json<S['HelpRequestDto']>(help('h-9'), { status: 201 });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/help-requests');
    expect(await screen.findByText(/求助从一个任务发起/, {}, SLOW)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '发起求助' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(within(dialog).getByText(/求助总是围绕一个任务/)).toBeInTheDocument();
    // Sending without a task is refused on the field.
    await user.click(within(dialog).getByRole('button', { name: '发送求助' }));
    expect(await within(dialog).findAllByText('此项为必填项')).not.toHaveLength(0);
    expect(posted).toHaveLength(0);
    const taskField = within(dialog).getByRole('combobox', { name: '为哪个任务求助' });
    await user.type(taskField, task().title.slice(0, 2));
    await pickOption(user, taskField, task().title);
    await pickOption(user, within(dialog).getByRole('combobox', { name: '求助部门' }), '研发部');
    fireEvent.change(within(dialog).getByLabelText('需要什么'), { target: { value: '借两台测试机' } });
    await user.click(within(dialog).getByRole('button', { name: '发送求助' }));
    await waitFor(() => expect(posted).toHaveLength(1), SLOW);
    expect(posted[0]).toMatchObject({ task_id: task().id, what: '借两台测试机' });
  }, 60_000);
});
