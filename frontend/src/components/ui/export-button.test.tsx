import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ExportButton } from '@/components/ui/export-button';
import { POLL_MS } from '@/lib/exports/use-export';
import { saveBlob } from '@/lib/save-file';
import { serveExport, WORKBOOK_BYTES } from '@/testing/exports';
import { problem } from '@/testing/handlers';
import { renderWithProviders, signIn } from '@/testing/render';

// jsdom cannot save files: check what would be saved.
vi.mock('@/lib/save-file', () => ({ saveBlob: vi.fn() }));

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

  it('shows why a failed export failed and saves nothing', async () => {
    vi.mocked(saveBlob).mockClear();
    const api = serveExport({ polls: [{ status: 'failed', error: 'the task has more than 1000000 rows' }] });
    const user = userEvent.setup({ delay: null });
    await user.click(renderButton());

    expect(await screen.findByText('导出失败', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByText('the task has more than 1000000 rows')).toBeInTheDocument();
    expect(api.downloads()).toBe(0);
    expect(saveBlob).not.toHaveBeenCalled();
  }, 60_000);

  it('stops polling when the page goes away', async () => {
    const api = serveExport({ polls: [{ status: 'running' }] });
    const user = userEvent.setup({ delay: null });
    signIn();
    const { unmount } = renderWithProviders(<ExportButton request={{ kind: 'task_list' }} />);
    await user.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await waitFor(() => expect(api.polled()).toBeGreaterThan(0), SLOW);

    unmount();
    const polled = api.polled();
    await new Promise((resolve) => setTimeout(resolve, 3 * POLL_MS));
    expect(api.polled()).toBeLessThanOrEqual(polled + 1);
    expect(api.downloads()).toBe(0);
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
