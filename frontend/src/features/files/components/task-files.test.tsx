import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { components } from '@/lib/api/schema';
import { fileVersion, marketingDepartment, task, taskFile } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

const TASK_ID = task().id;
const OTHER_FILE_ID = '0193d000-0000-7000-8000-000000000002';
const finance = { id: '0193a000-0000-7000-8000-000000000006', name: '财务部' };

/** Serves the task and a file list the test can change. */
function serve(files: S['FileDto'][], taskOverrides: Partial<S['TaskDto']> = {}) {
  const state = { files };
  server.use(
    http.get(apiPath('/api/v1/tasks/:task_id'), () => HttpResponse.json(task(taskOverrides))),
    http.get(apiPath('/api/v1/tasks/:task_id/files'), ({ request }) =>
      HttpResponse.json({ items: new URL(request.url).searchParams.get('deleted') === 'true' ? [] : state.files }),
    ),
  );
  return state;
}

async function openFiles() {
  signIn();
  const user = userEvent.setup({ delay: null });
  renderApp(`/tasks/${TASK_ID}`);
  await user.click(await screen.findByRole('tab', { name: '文件' }, { timeout: 5000 }));
  return { user, tab: await screen.findByTestId('task-files', {}, { timeout: 5000 }) };
}

async function row(tab: HTMLElement, name: string): Promise<HTMLElement> {
  const cell = await within(tab).findByText(name);
  return cell.closest('[data-testid="file-row"]') as HTMLElement;
}

const SUMMARIES = [
  '11月26日 16:00 市场部 王芳 修改了 渠道反馈数据.xlsx（第 3 版）',
  '11月26日 16:00 市场部 王芳 修改了 渠道反馈数据.xlsx（第 2 版）',
  '11月26日 16:00 市场部 王芳 上传了 渠道反馈数据.xlsx（第 1 版）',
] as const;

/** Versions 3, 2, 1 of the file, and its change log in two pages (two sentences, then one). */
function serveHistory() {
  const change = (summary: string, i: number): S['FileChangeDto'] => ({
    id: `c${i}`,
    at: '2026-11-26T08:00:00Z',
    actor: { id: 'u', name: '王芳' },
    department_name: '市场部',
    kind: 'version_added',
    version_number: 3 - i,
    old_value: null,
    new_value: null,
    summary,
  });
  server.use(
    http.get(apiPath('/api/v1/files/:file_id/versions'), () =>
      HttpResponse.json({
        items: [fileVersion(3, { note: '补充华东数据' }), fileVersion(2, { note: '第二稿' }), fileVersion(1)],
      }),
    ),
    http.get(apiPath('/api/v1/files/:file_id/changes'), ({ request }) => {
      const items = SUMMARIES.map(change);
      return HttpResponse.json(
        new URL(request.url).searchParams.get('cursor') === 'page-2'
          ? { items: items.slice(2), next_cursor: null }
          : { items: items.slice(0, 2), next_cursor: 'page-2' },
      );
    }),
  );
}

describe('task files', () => {
  it('lists the files with their Chinese names, size, version, uploader, time and access', async () => {
    serve([
      taskFile({ current_version: fileVersion(3), description: '各渠道 11 月反馈' }),
      taskFile({
        id: OTHER_FILE_ID,
        name: '预算表（终版）.xlsx',
        access: { level: 'restricted', departments: [finance], people: [] },
        current_version: fileVersion(1, { size_bytes: 2 * 1024 * 1024 }),
      }),
    ]);
    const { tab } = await openFiles();

    const sheet = await row(tab, '渠道反馈数据.xlsx');
    expect(within(sheet).getByText('各渠道 11 月反馈')).toBeInTheDocument();
    expect(within(sheet).getByText('24 KB')).toBeInTheDocument();
    expect(within(sheet).getByText('第 3 版')).toBeInTheDocument();
    expect(within(sheet).getByText('王芳')).toBeInTheDocument();
    // 08:00 UTC in 张三's time zone (Asia/Shanghai).
    expect(sheet).toHaveTextContent('16:00');
    expect(within(sheet).getByTestId('file-access')).toHaveTextContent('仅协作成员可见');

    const budget = await row(tab, '预算表（终版）.xlsx');
    expect(within(budget).getByText('2 MB')).toBeInTheDocument();
    expect(within(budget).getByTestId('file-access')).toHaveTextContent('指定范围');
    for (const name of ['下载', '版本历史', '上传新版本', '编辑', '权限', '删除']) {
      expect(within(budget).getByRole('button', { name })).toBeInTheDocument();
    }
    expect(within(tab).getByTestId('file-dragger')).toBeInTheDocument();
  });

  it('shows the change log sentences in the version drawer, a page at a time', async () => {
    serve([taskFile({ current_version: fileVersion(3) })]);
    serveHistory();
    const { user, tab } = await openFiles();
    await user.click(within(await row(tab, '渠道反馈数据.xlsx')).getByRole('button', { name: '版本历史' }));

    const drawer = await screen.findByTestId('version-drawer');
    expect(await within(drawer).findByText(SUMMARIES[0])).toBeInTheDocument();
    expect(within(drawer).getByText(SUMMARIES[1])).toBeInTheDocument();
    expect(within(drawer).queryByText(SUMMARIES[2])).toBeNull();
    await user.click(within(drawer).getByRole('button', { name: '加载更多' }));
    expect(await within(drawer).findByText(SUMMARIES[2])).toBeInTheDocument();
  });

  it('restores a version only after confirming, as a new version', async () => {
    const state = serve([taskFile({ current_version: fileVersion(3), version: 5 })]);
    serveHistory();
    const restored: number[] = [];
    server.use(
      http.post(apiPath('/api/v1/files/:file_id/versions/:number/restore'), ({ params }) => {
        restored.push(Number(params['number']));
        const file = taskFile({ current_version: fileVersion(4, { restored_from: 1 }), version: 6 });
        state.files = [file];
        return HttpResponse.json(file, { status: 201 });
      }),
    );
    const { user, tab } = await openFiles();
    await user.click(within(await row(tab, '渠道反馈数据.xlsx')).getByRole('button', { name: '版本历史' }));

    const drawer = await screen.findByTestId('version-drawer');
    const versions = await within(drawer).findAllByTestId('file-version');
    expect(versions.map((v) => v.getAttribute('data-version'))).toEqual(['3', '2', '1']);
    const [v3, , v1] = versions as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(v3).getByText('当前版本')).toBeInTheDocument();
    expect(within(v3).getByText('补充华东数据')).toBeInTheDocument();
    expect(within(v3).queryByRole('button', { name: '回退到此版本' })).toBeNull();

    await user.click(within(v1).getByRole('button', { name: '回退到此版本' }));
    expect(await screen.findByText('将以第 1 版的内容生成新版本，不会覆盖任何版本')).toBeInTheDocument();
    expect(restored).toEqual([]);
    await user.click(screen.getByRole('button', { name: '确定' }));

    await waitFor(() => expect(restored).toEqual([1]));
    expect(await screen.findByText('已回退到第 1 版（生成第 4 版）')).toBeInTheDocument();
    expect(await within(await row(tab, '渠道反馈数据.xlsx')).findByText('第 4 版')).toBeInTheDocument();
  });

  it('offers a reader without can_write no upload, new version, edit, restore or delete', async () => {
    // 张三 (销售部) neither runs this task nor takes part in it.
    serve(
      [taskFile({ can_write: false, can_share: false, access: { level: 'company_public', departments: [], people: [] } })],
      {
        owner: { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' },
        initiating_department: { id: marketingDepartment.id, name: marketingDepartment.name },
        departments: [{ id: marketingDepartment.id, name: marketingDepartment.name }],
        visibility: 'public',
      },
    );
    server.use(
      http.get(apiPath('/api/v1/files/:file_id/versions'), () => HttpResponse.json({ items: [fileVersion(2), fileVersion(1)] })),
      http.get(apiPath('/api/v1/files/:file_id/changes'), () => HttpResponse.json({ items: [], next_cursor: null })),
    );
    const { user, tab } = await openFiles();
    const sheet = await row(tab, '渠道反馈数据.xlsx');
    expect(within(sheet).getByTestId('file-access')).toHaveTextContent('企业内公开');
    expect(within(sheet).getByRole('button', { name: '下载' })).toBeInTheDocument();
    for (const name of ['上传新版本', '编辑', '权限', '删除']) {
      expect(within(sheet).queryByRole('button', { name })).toBeNull();
    }
    expect(within(tab).queryByTestId('file-dragger')).toBeNull();

    await user.click(within(sheet).getByRole('button', { name: '版本历史' }));
    const drawer = await screen.findByTestId('version-drawer');
    expect(await within(drawer).findAllByTestId('file-version')).toHaveLength(2);
    expect(within(drawer).getAllByRole('button', { name: '下载' })).toHaveLength(2);
    expect(within(drawer).queryByRole('button', { name: '回退到此版本' })).toBeNull();
  });

  it('offers "作为新版本上传" when the upload answers 409 exists, and sends the file as a version', async () => {
    serve([]);
    const created: { fields: string[]; name: unknown; access: unknown }[] = [];
    const versioned: string[] = [];
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/files'), async ({ request }) => {
        const form = await request.formData();
        created.push({ fields: [...form.keys()], name: form.get('name'), access: form.get('access') });
        // Someone else uploaded it meanwhile: the list did not know.
        return problem(409, 'conflict', { errors: { name: ['exists'] }, allowed: [OTHER_FILE_ID] });
      }),
      http.post(apiPath('/api/v1/files/:file_id/versions'), ({ params }) => {
        versioned.push(String(params['file_id']));
        return HttpResponse.json(
          taskFile({ id: OTHER_FILE_ID, name: '用户调研数据.xlsx', current_version: fileVersion(2) }),
          { status: 201 },
        );
      }),
    );
    const { user, tab } = await openFiles();
    expect(await within(tab).findByText('还没有文件')).toBeInTheDocument();

    const input = within(tab).getByTestId('file-dragger').querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, new File(['a,b\n1,2\n'], '用户调研数据.xlsx'));
    const dialog = await screen.findByTestId('upload-modal');
    expect(within(dialog).getByTestId('chosen-file')).toHaveTextContent('用户调研数据.xlsx');
    expect(within(dialog).getByLabelText('文件名')).toHaveValue('用户调研数据.xlsx');
    expect(within(dialog).getByRole('radio', { name: /仅协作成员可见/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: '上传' }));

    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toEqual({
      fields: ['name', 'access', 'file'],
      name: '用户调研数据.xlsx',
      access: '{"level":"collaborators","department_ids":[],"user_ids":[]}',
    });
    expect(await screen.findByText(/本任务已有名为“用户调研数据.xlsx”的文件/)).toBeInTheDocument();
    expect(screen.getAllByText('作为新版本上传？').length).toBeGreaterThan(0);
    expect(versioned).toEqual([]);
    await user.click(screen.getByRole('button', { name: '作为新版本上传' }));

    await waitFor(() => expect(versioned).toEqual([OTHER_FILE_ID]));
    expect(await screen.findByText('已上传“用户调研数据.xlsx”（第 2 版）')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('upload-modal')).toBeNull());
  });
});
