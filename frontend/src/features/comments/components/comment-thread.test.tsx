import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { rdDepartment, task, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const TASK_ID = task().id;
const wangfang = { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' };
const xuming = { id: '0193a000-0000-7000-8000-000000000201', name: '徐明' };

function comment(id: string, overrides: Partial<S['CommentDto']> = {}): S['CommentDto'] {
  return {
    id,
    task_id: TASK_ID,
    parent_id: null,
    author: wangfang,
    body: `评论 ${id}`,
    body_html: `<p>评论 ${id}</p>`,
    mentions: [],
    attachments: [],
    pinned_at: null,
    pinned_by: null,
    created_at: '2026-11-26T08:00:00Z',
    edited_at: null,
    deleted: false,
    revision_count: 0,
    version: 1,
    can_edit: false,
    can_delete: false,
    can_pin: false,
    replies: [],
    ...overrides,
  };
}

/** Serves the task and a comment list the test can change; records the POSTs. */
function serve(initial: S['CommentDto'][]) {
  const state = { items: initial, posted: [] as S['CreateCommentRequest'][] };
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task())),
    http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
    http.get(apiPath('/api/v1/tasks/:task_id/comments'), () => HttpResponse.json({ items: state.items })),
  );
  return state;
}

async function openDiscussion() {
  signIn();
  const user = userEvent.setup({ delay: null });
  renderApp(`/tasks/${TASK_ID}`);
  // The conversation is on the task's main view, not behind a tab.
  expect(await screen.findByText('讨论', { selector: '.ant-card-head-title' }, { timeout: 5000 })).toBeInTheDocument();
  expect(screen.queryByRole('tab', { name: '讨论' })).not.toBeInTheDocument();
  return { user, thread: await screen.findByTestId('comment-thread', {}, { timeout: 5000 }) };
}

describe('comment thread', () => {
  it('shows pinned comments, replies and deleted placeholders; offers 置顶 only with can_pin', async () => {
    serve([
      comment('c-1', {
        body_html: '<p>请 <strong>本周五</strong> 前确认方案</p>',
        pinned_at: '2026-11-26T09:00:00Z',
        pinned_by: wangfang,
        can_pin: true,
        edited_at: '2026-11-26T08:30:00Z',
        revision_count: 1,
        replies: [comment('r-1', { parent_id: 'c-1', author: xuming, body_html: '<p>收到</p>' })],
      }),
      comment('c-2', { deleted: true, body: '', body_html: '', replies: [comment('r-2', { parent_id: 'c-2', body_html: '<p>我还在</p>' })] }),
      comment('c-3', { author: { id: zhangsan.id, name: zhangsan.name }, can_edit: true, can_delete: true }),
    ]);
    const { thread } = await openDiscussion();

    const items = await within(thread).findAllByTestId('comment');
    expect(items.map((i) => i.getAttribute('data-comment-id'))).toEqual(['c-1', 'r-1', 'c-2', 'r-2', 'c-3']);
    const [c1, r1, c2, r2, c3] = items as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];

    // The server's sanitized HTML is rendered as HTML.
    expect(within(c1).getByText('本周五').tagName).toBe('STRONG');
    expect(within(c1).getByText('已置顶')).toBeInTheDocument();
    expect(within(c1).getByRole('button', { name: '已编辑' })).toBeInTheDocument();
    expect(within(c1).getByRole('button', { name: '取消置顶' })).toBeInTheDocument();
    expect(within(r1).getByText('收到')).toBeInTheDocument();

    // Deleted: a placeholder, no actions, the reply stays.
    expect(within(c2).getByTestId('comment-deleted')).toHaveTextContent('该评论已删除');
    expect(within(c2).queryByRole('button', { name: '回复' })).toBeNull();
    expect(within(r2).getByText('我还在')).toBeInTheDocument();

    // Not pinnable: no 置顶; own comment: 编辑 and 删除.
    expect(within(c3).queryByRole('button', { name: '置顶' })).toBeNull();
    expect(within(c3).getByRole('button', { name: '编辑' })).toBeInTheDocument();
    expect(within(c3).getByRole('button', { name: '删除' })).toBeInTheDocument();
    expect(within(r1).queryByRole('button', { name: /置顶/ })).toBeNull();
  });

  it('replies to a reply in the same thread', async () => {
    const state = serve([
      comment('c-1', { replies: [comment('r-1', { parent_id: 'c-1', author: xuming, body_html: '<p>收到</p>' })] }),
    ]);
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/comments'), async ({ request }) => {
        const body = (await request.json()) as S['CreateCommentRequest'];
        state.posted.push(body);
        const reply = comment('r-2', { parent_id: 'c-1', author: zhangsan, body: body.body ?? '', body_html: `<p>${body.body}</p>` });
        const top = state.items[0]!;
        state.items = [{ ...top, replies: [...top.replies, reply] }];
        return HttpResponse.json(reply, { status: 201 });
      }),
    );
    const { user, thread } = await openDiscussion();
    const r1 = (await within(thread).findAllByTestId('comment'))[1]!;
    await user.click(within(r1).getByRole('button', { name: '回复' }));
    const editor = await screen.findByTestId('reply-editor');
    expect(within(editor).getByText('回复 徐明')).toBeInTheDocument();
    await user.click(within(editor).getByRole('textbox'));
    await user.paste('好的，我跟进');
    await user.click(within(editor).getByRole('button', { name: '回复' }));

    await waitFor(() => expect(state.posted).toHaveLength(1));
    expect(state.posted[0]).toMatchObject({ body: '好的，我跟进', parent_id: 'c-1', mentions: [], attachment_ids: [] });
    expect(await within(thread).findByText('好的，我跟进')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('reply-editor')).toBeNull());
  });

  it('mentions someone picked from the picker and explains, in Chinese, who cannot see the task', async () => {
    const state = serve([]);
    server.use(
      http.get(apiPath('/api/v1/users'), () =>
        HttpResponse.json({
          items: [{ ...zhangsan, id: xuming.id, name: xuming.name, department_name: '研发部' }],
          next_cursor: null,
          total: 1,
        }),
      ),
      http.post(apiPath('/api/v1/tasks/:task_id/comments'), async ({ request }) => {
        state.posted.push((await request.json()) as S['CreateCommentRequest']);
        return HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Validation failed',
            status: 422,
            // The SPA names people from `people`, never from the English detail.
            detail: 'someone cannot see this task',
            code: 'validation_failed',
            errors: { mentions: ['cannot_see_task'] },
            people: [{ id: xuming.id, name: '徐明' }],
          },
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        );
      }),
    );
    const { user, thread } = await openDiscussion();
    expect(within(thread).getByText('还没有讨论，来说第一句吧')).toBeInTheDocument();

    await user.click(within(thread).getByRole('textbox'));
    await user.paste('请看一下');
    await user.click(within(thread).getByRole('button', { name: '@ 提及' }));
    await user.click(await screen.findByLabelText('选择人员'));
    await user.click(await screen.findByTitle('徐明（研发部）'));
    await user.click(screen.getByRole('button', { name: '添加' }));
    expect(within(thread).getByTestId('comment-mentions')).toHaveTextContent('@徐明');
    expect(within(thread).getByRole('textbox')).toHaveValue('请看一下 @徐明 ');

    await user.click(within(thread).getByRole('button', { name: '发表' }));
    await waitFor(() => expect(state.posted).toHaveLength(1));
    expect(state.posted[0]).toMatchObject({ mentions: [{ type: 'user', id: xuming.id }] });
    expect(await within(thread).findByTestId('comment-error')).toHaveTextContent(
      '无法提及：徐明 看不到这个任务。请先把他们（或所在部门）加入任务。',
    );
    // The draft stays for the author to fix.
    expect(within(thread).getByRole('textbox')).toHaveValue('请看一下 @徐明 ');
  });

  it('offers people and departments while typing "@", and a posted mention shows once, in the text', async () => {
    const state = serve([
      comment('c-1', { body: '请 @徐明 看看', body_html: '<p>请 @徐明 看看</p>', mentions: [{ type: 'user', id: xuming.id, name: '徐明', all_members: false }] }),
    ]);
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/comments'), async ({ request }) => {
        state.posted.push((await request.json()) as S['CreateCommentRequest']);
        return HttpResponse.json(comment('c-2'), { status: 201 });
      }),
    );
    const { user, thread } = await openDiscussion();
    // The posted comment names 徐明 in its text: no second "@徐明" below it.
    expect(await within(thread).findByText('请 @徐明 看看')).toBeInTheDocument();
    expect(within(thread).queryByTestId('comment-mention-tags')).toBeNull();

    const editors = within(thread).getAllByTestId('comment-editor');
    const box = within(editors[editors.length - 1]!).getByRole('textbox');
    await user.click(box);
    await user.type(box, '请 @研');
    const option = await screen.findByText('研发部', { selector: '.ant-mentions-dropdown-menu-item *' }, { timeout: 5000 });
    await user.click(option);
    expect(box).toHaveValue('请 @研发部 ');
    expect(within(thread).getByTestId('comment-mentions')).toHaveTextContent('@研发部');
    await user.type(box, '帮忙看下');
    await user.click(within(editors[editors.length - 1]!).getByRole('button', { name: '发表' }));
    await waitFor(() => expect(state.posted).toHaveLength(1));
    expect(state.posted[0]).toMatchObject({
      body: '请 @研发部 帮忙看下',
      mentions: [{ type: 'department', id: rdDepartment.id, all_members: false }],
    });
  });

  it('shows a field error for other refusals, never the English detail', async () => {
    serve([comment('c-1')]);
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/comments'), () =>
        problem(422, 'validation_failed', { errors: { mentions: ['no_recipients'] } }),
      ),
    );
    const { user, thread } = await openDiscussion();
    const editors = within(thread).getAllByTestId('comment-editor');
    const main = editors[editors.length - 1]!;
    await user.click(within(main).getByRole('textbox'));
    await user.paste('通知一下');
    await user.click(within(main).getByRole('button', { name: '发表' }));
    const error = await within(thread).findByTestId('comment-error');
    expect(error).toHaveTextContent('该部门没有可通知的人');
    expect(error).not.toHaveTextContent('English');
  });

  it('shows the latest page first and the earlier comments above it on 显示更早的评论', async () => {
    const pinned = comment('p', { body_html: '<p>置顶要点</p>', pinned_at: '2026-11-26T09:00:00Z', pinned_by: wangfang });
    const cursors: (string | null)[] = [];
    server.use(
      http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task())),
      http.get(apiPath('/api/v1/tasks/:task_id/history'), () => HttpResponse.json({ items: [], next_cursor: null })),
      http.get(apiPath('/api/v1/tasks/:task_id/comments'), ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);
        return HttpResponse.json<S['CommentList']>(
          cursor === null
            ? { items: [pinned, comment('c3', { body_html: '<p>第三条</p>' }), comment('c4', { body_html: '<p>第四条</p>' })], next_cursor: 'older' }
            : { items: [comment('c1', { body_html: '<p>第一条</p>' }), comment('c2', { body_html: '<p>第二条</p>' })], next_cursor: null },
        );
      }),
    );
    const { user, thread } = await openDiscussion();
    expect(await within(thread).findByText('第四条', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(within(thread).queryByText('第一条')).not.toBeInTheDocument();
    await user.click(within(thread).getByRole('button', { name: '显示更早的评论' }));
    expect(await within(thread).findByText('第一条', {}, { timeout: 5000 })).toBeInTheDocument();
    const order = ['置顶要点', '第一条', '第二条', '第三条', '第四条'].map((text) => within(thread).getByText(text));
    for (let i = 1; i < order.length; i += 1) {
      expect(order[i - 1]!.compareDocumentPosition(order[i]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
    expect(cursors).toEqual([null, 'older']);
    expect(within(thread).queryByRole('button', { name: '显示更早的评论' })).not.toBeInTheDocument();
  }, 60_000);
});
