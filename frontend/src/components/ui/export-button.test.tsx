import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ExportButton } from '@/components/ui/export-button';
import { i18n } from '@/lib/i18n';
import { POLL_MS } from '@/lib/exports/use-export';
import { saveBlob } from '@/lib/save-file';
import { serveExport, WORKBOOK_BYTES } from '@/testing/exports';
import { problem } from '@/testing/handlers';
import { renderWithProviders, signIn } from '@/testing/render';

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', async (actual) => ({ ...(await actual<typeof import('@/lib/save-file')>()), saveBlob: vi.fn() }));

const SLOW = { timeout: 20_000 };
const TASK_ID = '0193a000-0000-7000-8000-000000000501';

function renderButton() {
  signIn();
  renderWithProviders(<ExportButton request={{ kind: 'task_progress', task_id: TASK_ID }} label="导出进度表" />);
  return screen.getByRole('button', { name: /导出进度表/ });
}

describe('ExportButton', () => {
  it('asks for the export, waits while it is made and saves the workbook under its file name', async () => {
    const api = serveExport({
      polls: [{ status: 'running' }, { status: 'done', file_name: '项目进度跟踪表_新品发布会.xlsx', size_bytes: 8 }],
    });
    const user = userEvent.setup({ delay: null });
    const button = renderButton();

    await user.click(button);
    expect(await screen.findByText('正在生成 Excel…', {}, SLOW)).toBeInTheDocument();
    expect(button).toHaveClass('ant-btn-loading');
    await waitFor(() => expect(saveBlob).toHaveBeenCalledTimes(1), SLOW);

    expect(api.requests).toEqual([{ kind: 'task_progress', task_id: TASK_ID }]);
    expect(api.polled()).toBe(2);
    expect(api.downloads()).toBe(1);
    const [blob, name] = vi.mocked(saveBlob).mock.calls[0]!;
    expect(name).toBe('项目进度跟踪表_新品发布会.xlsx');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(WORKBOOK_BYTES);
    expect(await screen.findByText('已导出 项目进度跟踪表_新品发布会.xlsx', {}, SLOW)).toBeInTheDocument();
    await waitFor(() => expect(button).not.toHaveClass('ant-btn-loading'), SLOW);
  }, 60_000);

  it('says in Chinese why a failed export failed (from its error code) and saves nothing', async () => {
    vi.mocked(saveBlob).mockClear();
    const english = 'an Excel sheet holds at most 1,048,575 rows: narrow the filters';
    const api = serveExport({ polls: [{ status: 'failed', error_code: 'bad_request', error: english }] });
    const user = userEvent.setup({ delay: null });
    await user.click(renderButton());

    expect(await screen.findByText('导出失败', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText(/数据超过 Excel 单个工作表的上限/)).toBeInTheDocument();
    expect(screen.queryByText(english)).not.toBeInTheDocument();
    expect(api.downloads()).toBe(0);
    expect(saveBlob).not.toHaveBeenCalled();
  }, 60_000);

  it('falls back to a general reason for a failure code it has no words for', async () => {
    serveExport({ polls: [{ status: 'failed', error_code: 'service_unavailable', error: 'database is down' }] });
    const user = userEvent.setup({ delay: null });
    await user.click(renderButton());

    expect(await screen.findByText('生成 Excel 时出错，请稍后重试。', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByText('database is down')).not.toBeInTheDocument();
  }, 60_000);

  it('stops polling when its page is left while the export is made, and says where to find it', async () => {
    const api = serveExport({ polls: [{ status: 'running' }] });
    const user = userEvent.setup({ delay: null });
    function Page() {
      const [open, setOpen] = useState(true);
      return (
        <>
          {open && <ExportButton request={{ kind: 'task_list' }} />}
          <button onClick={() => setOpen(false)}>离开</button>
        </>
      );
    }
    signIn();
    renderWithProviders(<Page />);
    await user.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await waitFor(() => expect(api.polled()).toBeGreaterThan(0), SLOW);

    await user.click(screen.getByRole('button', { name: '离开' }));
    expect(await screen.findByText('导出仍在后台进行，完成后可在「我的导出」中下载。', {}, SLOW)).toBeInTheDocument();
    expect(screen.queryByText('正在生成 Excel…')).not.toBeInTheDocument();
    const polled = api.polled();
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    expect(api.polled()).toBeLessThanOrEqual(polled + 1);
    expect(api.downloads()).toBe(0);
  }, 60_000);

  it('keeps waiting for the export when the language is switched meanwhile', async () => {
    vi.mocked(saveBlob).mockClear();
    const api = serveExport({ polls: [{ status: 'running' }, { status: 'running' }, { status: 'done' }] });
    const user = userEvent.setup({ delay: null });
    await user.click(renderButton());
    await waitFor(() => expect(api.polled()).toBeGreaterThan(0), SLOW);

    await act(() => i18n.changeLanguage('en'));
    await waitFor(() => expect(saveBlob).toHaveBeenCalledTimes(1), SLOW);
    expect(screen.queryByText(/goes on in the background/)).not.toBeInTheDocument();
    await act(() => i18n.changeLanguage('zh-CN'));
  }, 60_000);

  it('names a permission problem the server answers at once', async () => {
    vi.mocked(saveBlob).mockClear();
    const api = serveExport({ create: () => problem(403, 'forbidden') });
    const user = userEvent.setup({ delay: null });
    const button = renderButton();
    await user.click(button);

    expect(await screen.findByText('你没有执行此操作的权限。', {}, SLOW)).toBeInTheDocument();
    expect(api.polled()).toBe(0);
    expect(saveBlob).not.toHaveBeenCalled();
    await waitFor(() => expect(button).not.toHaveClass('ant-btn-loading'), SLOW);
  }, 60_000);
});
