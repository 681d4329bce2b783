import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { renderWithProviders } from '@/testing/render';

describe('AsyncPopconfirm', () => {
  it('runs the action only once confirmed, spins until it settles, then closes', async () => {
    let settle: () => void = () => {};
    const action = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          settle = resolve;
        }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(
      <AsyncPopconfirm title="确定删除“周报”吗？" okText="删除" cancelText="取消" onConfirm={action}>
        <Button>删除周报</Button>
      </AsyncPopconfirm>,
    );

    await user.click(screen.getByRole('button', { name: '删除周报' }));
    const popover = await screen.findByRole('tooltip');
    expect(within(popover).getByText('确定删除“周报”吗？')).toBeInTheDocument();
    expect(action).not.toHaveBeenCalled();

    const ok = within(popover).getByRole('button', { name: /删\s*除/ });
    await user.click(ok);
    expect(action).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(ok).toHaveClass('ant-btn-loading'));
    expect(screen.getByRole('tooltip')).toBe(popover);

    settle();
    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
  });

  it('does nothing when cancelled', async () => {
    const action = vi.fn(() => Promise.resolve());
    const user = userEvent.setup({ delay: null });
    renderWithProviders(
      <AsyncPopconfirm title="确定停用吗？" okText="确定" cancelText="取消" onConfirm={action}>
        <Button>停用</Button>
      </AsyncPopconfirm>,
    );

    await user.click(screen.getByRole('button', { name: /停\s*用/ }));
    const popover = await screen.findByRole('tooltip');
    await user.click(within(popover).getByRole('button', { name: /取\s*消/ }));

    await waitFor(() => expect(screen.queryByRole('tooltip')).toBeNull());
    expect(action).not.toHaveBeenCalled();
  });
});
