import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { components } from '@/lib/api/schema';
import { saveBlob } from '@/lib/save-file';
import { exportDto, WORKBOOK_BYTES, XLSX_TYPE } from '@/testing/exports';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';

type S = components['schemas'];

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

const SLOW = { timeout: 20_000 };
const DONE_ID = '0193a000-0000-7000-8000-00000000e101';

function rowOf(text: string): HTMLElement {
  const row = screen.getByText(text).closest('tr');
  if (!row) throw new Error(`no row ${text}`);
  return row;
}

describe('my exports', () => {
  it('lists my exports with their state, saves a finished one and says in Chinese why one failed', async () => {
    const downloads: string[] = [];
    server.use(
      http.get(apiPath('/api/v1/exports'), () =>
        HttpResponse.json<S['ExportList']>({
          items: [
            exportDto({
              id: DONE_ID,
              kind: 'task_list',
              status: 'done',
              file_name: '任务列表_20261127.xlsx',
              row_count: 1_010_001,
              size_bytes: 80_100_000,
              finished_at: '2026-11-27T03:00:22Z',
              expires_at: '2026-11-28T03:00:22Z',
              download_url: `/api/v1/exports/${DONE_ID}/content`,
            }),
            exportDto({
              id: '0193a000-0000-7000-8000-00000000e102',
              kind: 'task_progress',
              status: 'failed',
              file_name: '项目进度跟踪表_新品发布会.xlsx',
              error_code: 'not_found',
              error: 'task not found',
            }),
            exportDto({ id: '0193a000-0000-7000-8000-00000000e103', status: 'expired', file_name: '效率报表_旧.xlsx' }),
          ],
        }),
      ),
      http.get(apiPath('/api/v1/exports/:id/content'), ({ params }) => {
        downloads.push(String(params['id']));
        return new HttpResponse(WORKBOOK_BYTES, { headers: { 'Content-Type': XLSX_TYPE } });
      }),
    );
    signIn();
    const user = userEvent.setup({ delay: null });
    renderApp('/exports');

    expect(await screen.findByText('任务列表_20261127.xlsx', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText('我的导出', { selector: '.ant-card-head-title' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /我的导出/ })).toHaveAttribute('href', '/exports');
    const done = rowOf('任务列表_20261127.xlsx');
    expect(within(done).getByText('已完成')).toBeInTheDocument();
    expect(within(done).getByText('任务列表')).toBeInTheDocument();
    expect(within(done).getByText('1,010,001')).toBeInTheDocument();
    // Available until 03:00 UTC = 11:00 in Asia/Shanghai.
    expect(within(done).getAllByText(/11:00/).length).toBeGreaterThan(0);

    const failed = rowOf('项目进度跟踪表_新品发布会.xlsx');
    expect(within(failed).getByText('失败')).toBeInTheDocument();
    expect(within(failed).getByText(/要导出的内容已不存在/)).toBeInTheDocument();
    expect(screen.queryByText('task not found')).not.toBeInTheDocument();
    expect(within(failed).queryByRole('button')).not.toBeInTheDocument();
    expect(within(rowOf('效率报表_旧.xlsx')).getByText('已过期，请重新导出')).toBeInTheDocument();

    await user.click(within(done).getByRole('button', { name: '下载 任务列表_20261127.xlsx' }));
    await waitFor(() => expect(saveBlob).toHaveBeenCalledTimes(1), SLOW);
    expect(downloads).toEqual([DONE_ID]);
    const [blob, name] = vi.mocked(saveBlob).mock.calls[0]!;
    expect(name).toBe('任务列表_20261127.xlsx');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(WORKBOOK_BYTES);
  }, 60_000);

  it('asks again while an export is being made, until it can be downloaded', async () => {
    let asked = 0;
    server.use(
      http.get(apiPath('/api/v1/exports'), () => {
        asked += 1;
        const status = asked === 1 ? 'running' : 'done';
        return HttpResponse.json<S['ExportList']>({
          items: [exportDto({ status, file_name: '效率报表_20261031_20261127.xlsx', row_count: asked === 1 ? null : 14 })],
        });
      }),
    );
    signIn();
    renderApp('/exports');

    expect(await screen.findByText('生成中', {}, SLOW)).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: /下载 效率报表/ }, SLOW)).toBeInTheDocument();
    expect(screen.getByText('已完成')).toBeInTheDocument();
    const settled = asked;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(asked).toBe(settled);
  }, 60_000);

  it('shows that there are none yet', async () => {
    server.use(http.get(apiPath('/api/v1/exports'), () => HttpResponse.json<S['ExportList']>({ items: [] })));
    signIn();
    renderApp('/exports');
    expect(await screen.findByText('还没有导出过文件', {}, SLOW)).toBeInTheDocument();
  }, 60_000);
});
