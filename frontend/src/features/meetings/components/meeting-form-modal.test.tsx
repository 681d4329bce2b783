import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { meeting, task, zhangsan } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const TASK_ID = task().id;
const xuming = { id: '0193a000-0000-7000-8000-000000000201', name: '徐明' };
const AGENDA = '## 目标\n12 月 31 日前完成发布\n\n## 未完成的子任务\n- 演示样机（进行中）';

function serve() {
  const state = { posted: [] as S['CreateMeetingRequest'][], refuse: true };
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task())),
    http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
    http.get(apiPath('/api/v1/tasks/:task_id/meetings'), () =>
      HttpResponse.json<S['MeetingList']>({ items: [meeting({ status: 'cancelled', title: '上周的会' })] }),
    ),
    http.get(apiPath('/api/v1/tasks/:task_id/meeting-draft'), () =>
      HttpResponse.json<S['MeetingDraft']>({ title: '关于「双十一新品发布」的会议', agenda: AGENDA }),
    ),
    http.get(apiPath('/api/v1/users'), () =>
      HttpResponse.json({
        items: [{ ...zhangsan, id: xuming.id, name: xuming.name, department_name: '研发部' }],
        next_cursor: null,
        total: 1,
      }),
    ),
    http.get(apiPath('/api/v1/meetings/:meeting_id'), ({ params }) =>
      HttpResponse.json(meeting({ id: String(params['meeting_id']) })),
    ),
    http.post(apiPath('/api/v1/tasks/:task_id/meetings'), async ({ request }) => {
      state.posted.push((await request.json()) as S['CreateMeetingRequest']);
      if (state.refuse) {
        return HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Validation failed',
            status: 422,
            detail: 'someone cannot see this task',
            code: 'validation_failed',
            errors: { participant_ids: ['cannot_see_task'] },
            people: [{ id: '0193c000-0000-7000-8000-0000000000b1', name: '徐明' }],
          },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        );
      }
      return HttpResponse.json(meeting({ id: '0193c000-0000-7000-8000-0000000000aa' }), { status: 201 });
    }),
  );
  return state;
}

describe('发起会议 from a task', () => {
  it('lists the meetings, prefills the form from the draft, and names who cannot see the task in Chinese', async () => {
    const state = serve();
    signIn();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp(`/tasks/${TASK_ID}`);

    await user.click(await screen.findByRole('tab', { name: '会议' }, { timeout: 10_000 }));
    const list = await screen.findByTestId('task-meetings');
    expect(await within(list).findByText('上周的会')).toBeInTheDocument();
    expect(within(list).getByText('已取消')).toBeInTheDocument();
    // 10:00–10:30 in Asia/Shanghai.
    expect(within(list).getByText(/10:00 – 10:30/)).toBeInTheDocument();
    expect(within(list).getByText('3 楼大会议室')).toBeInTheDocument();

    await user.click(within(list).getByRole('button', { name: /发起会议/ }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByLabelText('会议主题')).toHaveValue('关于「双十一新品发布」的会议'));
    expect(within(dialog).getByLabelText('议程')).toHaveValue(AGENDA);
    expect(within(dialog).getByLabelText('时长（分钟）')).toHaveValue('30');

    await user.click(within(dialog).getByLabelText('参会人'));
    await user.click(await screen.findByTitle('徐明（研发部）'));
    await user.click(within(dialog).getByLabelText('地点'));
    await user.paste('3 楼大会议室');
    await user.click(within(dialog).getByLabelText('线上会议链接'));
    await user.paste('https://meeting.tencent.com/dm/abc');
    await user.click(within(dialog).getByRole('button', { name: '发起' }));

    await waitFor(() => expect(state.posted).toHaveLength(1));
    const sent = state.posted[0]!;
    expect(sent).toMatchObject({
      title: '关于「双十一新品发布」的会议',
      duration_minutes: 30,
      participant_ids: [xuming.id],
      location: '3 楼大会议室',
      online_url: 'https://meeting.tencent.com/dm/abc',
      agenda: AGENDA,
    });
    // Tomorrow 10:00 in Asia/Shanghai is 02:00 UTC.
    expect(sent.starts_at).toMatch(/^\d{4}-\d{2}-\d{2}T02:00:00Z$/);

    const error = await within(dialog).findByTestId('meeting-form-error');
    expect(error).toHaveTextContent('无法邀请：徐明 看不到这个任务。');
    expect(error).not.toHaveTextContent('cannot see');
    const field = within(dialog).getByLabelText('参会人').closest('.ant-form-item') as HTMLElement;
    expect(await within(field).findByText('看不到这个任务')).toBeInTheDocument();

    // Once 徐明 can see the task, the same form goes through and opens the meeting.
    state.refuse = false;
    await user.click(within(dialog).getByRole('button', { name: '发起' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/meetings/0193c000-0000-7000-8000-0000000000aa'));
    expect(state.posted).toHaveLength(2);
  }, 60_000);
});
