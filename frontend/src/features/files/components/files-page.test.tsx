import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { marketingDepartment, task, taskFile } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { pickOption } from '@/testing/select';
import { server } from '@/testing/server';

type S = components['schemas'];

const SLOW = { timeout: 20_000 };
const TASK_ID = task().id;
const HIDDEN_TASK_ID = '0193b000-0000-7000-8000-0000000000ff';

function entry(n: number, file: Partial<S['FileDto']> = {}, rest: Partial<S['FileEntryDto']> = {}): S['FileEntryDto'] {
  return {
    file: taskFile({ id: `0193d000-0000-7000-8000-00000000010${n}`, ...file }),
    task: { id: TASK_ID, title: '新品发布会' },
    department: marketingDepartment,
    ...rest,
  };
}

/** Serves GET /api/v1/files from `answer`, recording each request's query. */
function serve(answer: (q: URLSearchParams) => S['FileEntryPage']) {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/api/v1/files'), ({ request }) => {
      const q = new URL(request.url).searchParams;
      asked.push(q);
      return HttpResponse.json(answer(q));
    }),
  );
  return asked;
}

async function openPage() {
  signIn();
  const user = userEvent.setup({ delay: null });
  renderApp('/files');
  const page = await screen.findByTestId('files-page', {}, SLOW);
  return { user, page };
}

function rowOf(cell: HTMLElement): HTMLElement {
  return cell.closest('[data-testid="company-file-row"]') as HTMLElement;
}

describe('文件 page', () => {
  it('lists every readable file with its task, uploader, department, type, size, time and access, page by page', async () => {
    const asked = serve((q) =>
      q.get('cursor') === 'page-2'
        ? {
            items: [
              entry(3, { name: '公告.pdf', kind: 'pdf', access: { level: 'company_public', departments: [], people: [] } }, {
                task: { id: HIDDEN_TASK_ID, title: null },
              }),
            ],
            next_cursor: null,
          }
        : {
            items: [
              entry(1, { current_version: { ...taskFile().current_version, size_bytes: 2048 } }),
              entry(2, { name: '方案.pptx', kind: 'presentation', can_write: false, can_share: false }),
            ],
            next_cursor: 'page-2',
          },
    );
    const { user, page } = await openPage();
    // In the main menu, and no longer a placeholder.
    expect(screen.getByRole('menuitem', { name: /文件/ })).toBeInTheDocument();
    expect(screen.queryByText(/即将上线/)).not.toBeInTheDocument();

    const first = rowOf(await within(page).findByText('渠道反馈数据.xlsx', {}, SLOW));
    const link = within(first).getByRole('link', { name: '新品发布会' });
    expect(link).toHaveAttribute('href', `/tasks/${TASK_ID}?tab=files`);
    expect(within(first).getByText('王芳')).toBeInTheDocument();
    expect(within(first).getByText('市场部')).toBeInTheDocument();
    expect(within(first).getByText('表格')).toBeInTheDocument();
    expect(within(first).getByText('2 KB')).toBeInTheDocument();
    expect(within(first).getByText('仅协作成员可见')).toBeInTheDocument();
    // What the caller may do, as on the task's Files tab.
    expect(within(first).getByRole('button', { name: '上传新版本' })).toBeInTheDocument();
    const second = rowOf(within(page).getByText('方案.pptx'));
    expect(within(second).getByText('演示文稿')).toBeInTheDocument();
    expect(within(second).queryByRole('button', { name: '上传新版本' })).not.toBeInTheDocument();
    expect(within(second).getByRole('button', { name: '下载' })).toBeInTheDocument();

    await user.click(within(page).getByRole('button', { name: /加载更多/ }));
    const third = rowOf(await within(page).findByText('公告.pdf', {}, SLOW));
    // A public file of a task the caller cannot open: no title, no link.
    expect(within(third).getByText('无权查看的任务')).toBeInTheDocument();
    expect(within(third).queryByRole('link')).not.toBeInTheDocument();
    expect(within(page).queryByRole('button', { name: /加载更多/ })).not.toBeInTheDocument();
    expect(asked.map((q) => q.get('cursor'))).toEqual([null, 'page-2']);
    expect(asked[0]?.get('deleted')).toBeNull();
  });

  it('sends the search, filters and sort to the API, each starting the list again', async () => {
    const asked = serve(() => ({ items: [entry(1)], next_cursor: null }));
    const { user, page } = await openPage();
    await within(page).findByText('渠道反馈数据.xlsx', {}, SLOW);

    const search = within(page).getByRole('searchbox', { name: '搜索文件名或说明' });
    await user.type(search, '反馈{Enter}');
    await waitFor(() => expect(asked.at(-1)?.get('q')).toBe('反馈'));

    await pickOption(user, within(page).getByRole('combobox', { name: '类型' }), 'PDF');
    await waitFor(() => expect(asked.at(-1)?.get('type')).toBe('pdf'));

    await pickOption(user, within(page).getByRole('combobox', { name: '权限' }), '企业内公开');
    await waitFor(() => expect(asked.at(-1)?.get('access')).toBe('company_public'));

    await pickOption(user, within(page).getByRole('combobox', { name: '上传人部门' }), '市场部');
    await waitFor(() => expect(asked.at(-1)?.get('department_id')).toBe(marketingDepartment.id));

    await pickOption(user, within(page).getByRole('combobox', { name: '排序' }), '从大到小');
    await waitFor(() => expect(asked.at(-1)?.get('sort')).toBe('-size'));
    // The filters combine.
    const last = asked.at(-1)!;
    expect([last.get('q'), last.get('type'), last.get('access')]).toEqual(['反馈', 'pdf', 'company_public']);
    expect(last.get('cursor')).toBeNull();
  });

  it('回收站 lists what the caller deleted, and 恢复 brings a file back', async () => {
    const restored: string[] = [];
    const asked = serve((q) =>
      q.get('deleted') === 'true'
        ? { items: [entry(4, { name: '草稿.docx', kind: 'document', deleted_at: '2026-11-25T02:00:00Z' })], next_cursor: null }
        : { items: [entry(1)], next_cursor: null },
    );
    server.use(
      http.post(apiPath('/api/v1/files/:file_id/undelete'), ({ params }) => {
        restored.push(String(params.file_id));
        return HttpResponse.json(taskFile({ id: String(params.file_id), name: '草稿.docx' }));
      }),
    );
    const { user, page } = await openPage();
    await within(page).findByText('渠道反馈数据.xlsx', {}, SLOW);
    await user.click(within(page).getByRole('tab', { name: '回收站' }));
    const row = rowOf(await within(page).findByText('草稿.docx', {}, SLOW));
    expect(asked.at(-1)?.get('deleted')).toBe('true');
    expect(within(page).getByText('这里是你删除的文件，所有版本都保留，可以恢复。')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: '删除' })).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: '恢复' }));
    await waitFor(() => expect(restored).toEqual([entry(4).file.id]));
    expect(await screen.findByText('已恢复“草稿.docx”', {}, SLOW)).toBeInTheDocument();
  });
});
