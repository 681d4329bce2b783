import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AdminTableCard } from '@/components/ui/admin-table-card';
import { ApiError } from '@/lib/api/api-error';
import { renderWithProviders } from '@/testing/render';

type Row = { id: string; name: string };

const ROWS: Row[] = [
  { id: 'u1', name: '张三' },
  { id: 'u2', name: '李四' },
];

function renderCard(props: { onCreate?: () => void; onSearch?: (q: string) => void; error?: Error | null } = {}) {
  return renderWithProviders(
    <AdminTableCard<Row>
      title="用户管理"
      createLabel="新建用户"
      onCreate={props.onCreate ?? (() => {})}
      searchPlaceholder="搜索姓名或邮箱"
      onSearch={props.onSearch ?? (() => {})}
      filters={<span>角色筛选</span>}
      error={props.error ?? null}
      table={{ dataSource: ROWS, columns: [{ title: '姓名', dataIndex: 'name', key: 'name' }] }}
    >
      <p>加载更多</p>
    </AdminTableCard>,
  );
}

describe('AdminTableCard', () => {
  it('lists the rows under the title, with the filters and what follows the table', () => {
    renderCard();
    expect(screen.getByText('用户管理')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '姓名' })).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['张三', '李四']);
    expect(screen.getByText('角色筛选')).toBeInTheDocument();
    expect(screen.getByText('加载更多')).toBeInTheDocument();
    // Unpaginated: cursor lists load more below the table instead.
    expect(document.querySelector('.ant-pagination')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('creates with the button and searches with the trimmed text', async () => {
    const onCreate = vi.fn();
    const onSearch = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderCard({ onCreate, onSearch });

    await user.click(screen.getByRole('button', { name: '新建用户' }));
    expect(onCreate).toHaveBeenCalledTimes(1);

    await user.type(screen.getByPlaceholderText('搜索姓名或邮箱'), '  张三 {Enter}');
    expect(onSearch).toHaveBeenLastCalledWith('张三');
  });

  it('says why the list could not be loaded, in the error code’s words', () => {
    renderCard({ error: new ApiError({ status: 403, code: 'forbidden', detail: 'admins only' }) });
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('你没有执行此操作的权限。')).toBeInTheDocument();
    expect(screen.queryByText('admins only')).toBeNull();
  });
});
