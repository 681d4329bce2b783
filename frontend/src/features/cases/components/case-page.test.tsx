import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ReuseCaseRequest } from '@/features/cases/api/types';
import { caseDto, CASE_ID } from '@/features/cases/testing/fixtures';
import { task } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { buttonByText, setupFastUser } from '@/testing/user';

const SLOW = { timeout: 20_000 };
const NEW_ID = '0193b000-0000-7000-8000-0000000000d1';

function serve() {
  const state = { reused: [] as ReuseCaseRequest[], tags: [] as string[][] };
  server.use(
    http.get(apiPath('/api/v1/cases/:case_id'), () => HttpResponse.json(caseDto())),
    http.get(apiPath('/api/v1/case-tags'), () => HttpResponse.json({ items: [{ value: '渠道', label: '渠道', count: 2 }] })),
    http.put(apiPath('/api/v1/tasks/:task_id/tags'), async ({ request }) => {
      const { tags } = (await request.json()) as { tags: string[] };
      state.tags.push(tags);
      return HttpResponse.json({ tags });
    }),
    http.post(apiPath('/api/v1/cases/:case_id/reuse'), async ({ request }) => {
      state.reused.push((await request.json()) as ReuseCaseRequest);
      return HttpResponse.json(task({ id: NEW_ID, title: '夏季新品上市推广', status: 'draft' }), { status: 201 });
    }),
    http.get(apiPath('/api/v1/tasks/:task_id'), () =>
      HttpResponse.json(task({ id: NEW_ID, title: '夏季新品上市推广', status: 'draft', allowed_transitions: ['published', 'cancelled'] })),
    ),
  );
  return state;
}

describe('a case page', () => {
  it('shows the header, summary figures, timeline, files with their access level and meeting decisions', async () => {
    serve();
    signIn();
    renderApp(`/cases/${CASE_ID}`);

    const page = await screen.findByTestId('case-page', {}, SLOW);
    expect(within(page).getByRole('heading', { name: '春季新品上市推广' })).toBeInTheDocument();
    expect(page).toHaveTextContent('跨部门项目');
    expect(page).toHaveTextContent('2026 年第 2 季度');
    expect(within(page).getAllByTestId('case-outcome')[0]).toHaveTextContent('按时完成提前 2.3 天');
    expect(within(page).getByTestId('figures-days')).toHaveTextContent('提前 2.3 天');
    const timeline = within(page).getByTestId('case-timeline');
    expect(timeline).toHaveTextContent('子任务完成样机与演示环境研发部逾期');
    const files = within(page).getByTestId('case-files');
    expect(within(files).getByText('上市方案.pptx').closest('a')).toHaveAttribute('href', caseDto().files[0]!.file.download_url);
    expect(files).toHaveTextContent('仅协作成员可见');
    expect(files).toHaveTextContent('企业内公开');
    expect(within(page).getByTestId('case-decisions')).toHaveTextContent('4 月 7 日官网与门店同日上市');
    expect(within(page).getByTestId('case-pinned')).toHaveTextContent('没有置顶评论');
  });

  it('以此为模板新建 sends the title, the chosen files and the new deadline, then opens the new draft with a success message', async () => {
    const state = serve();
    signIn();
    const user = setupFastUser();
    const { router } = renderApp(`/cases/${CASE_ID}`);

    await user.click(buttonByText(within(await screen.findByTestId('case-page', {}, SLOW)), /以此为模板新建/));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    const title = within(dialog).getByLabelText('任务名称');
    expect(title).toHaveValue('春季新品上市推广');
    fireEvent.change(title, { target: { value: '夏季新品上市推广' } });

    // The deadline is required.
    await user.click(buttonByText(within(dialog), /新建草稿/));
    expect(await within(dialog).findByText('此项为必填项', {}, SLOW)).toBeInTheDocument();
    expect(state.reused).toEqual([]);

    // A day about four months from now (the picker refuses past days), whenever the test runs.
    const day = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
    const due = within(dialog).getByLabelText('新的截止日期');
    fireEvent.mouseDown(due);
    fireEvent.focus(due);
    fireEvent.change(due, { target: { value: day } });
    fireEvent.keyDown(due, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(due).toHaveValue(day), SLOW);
    await user.click(within(dialog).getByRole('checkbox', { name: /渠道培训名单\.xlsx/ }));
    await user.click(buttonByText(within(dialog), /新建草稿/));

    await waitFor(() => expect(state.reused).toHaveLength(1), SLOW);
    // The end of that day in Shanghai.
    expect(state.reused[0]).toEqual({
      title: '夏季新品上市推广',
      due_at: `${day}T15:59:59Z`,
      file_ids: [caseDto().files[1]!.file.id],
    });
    expect(await screen.findByText('已新建草稿「夏季新品上市推广」，请检查后发布', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tasks/${NEW_ID}`), SLOW);
    expect(await screen.findByRole('heading', { name: '夏季新品上市推广' }, SLOW)).toBeInTheDocument();
  }, 60_000);

  it('saves the tags edited on the case (those who may tag it)', async () => {
    const state = serve();
    signIn();
    const user = setupFastUser();
    renderApp(`/cases/${CASE_ID}`);

    const editor = await screen.findByTestId('tag-editor', {}, SLOW);
    const input = within(editor).getByRole('combobox', { name: '标签' });
    await user.click(input);
    await user.type(input, '上市复盘{Enter}');
    await user.click(buttonByText(within(editor), /保存标签/));
    await waitFor(() => expect(state.tags).toEqual([['新品上市', '渠道', '上市复盘']]), SLOW);
    expect(await screen.findByText('标签已保存', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});
