import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretOnceModal } from '@/components/ui/secret-once-modal';
import { renderWithProviders } from '@/testing/render';

const SECRET = 'tdm_ab12_s3cr3t-only-shown-once';

/** Holds the secret as a parent does: until the modal is closed. */
function Parent({ onClose }: { onClose?: () => void }) {
  const [secret, setSecret] = useState<string | null>(SECRET);
  return (
    <SecretOnceModal
      secret={secret}
      title="令牌已创建"
      warning="请立即复制，关闭后将无法再次查看。"
      copyTooltips={['复制', '已复制']}
      testId="the-secret"
      onClose={() => {
        setSecret(null);
        onClose?.();
      }}
    >
      <p>用法说明</p>
    </SecretOnceModal>
  );
}

describe('SecretOnceModal', () => {
  afterEach(() => {
    Reflect.deleteProperty(document, 'execCommand');
  });

  it('shows the secret with its warning and what follows it', async () => {
    renderWithProviders(<Parent />);

    const dialog = await screen.findByRole('dialog', { name: '令牌已创建' });
    expect(within(dialog).getByText('请立即复制，关闭后将无法再次查看。')).toBeInTheDocument();
    expect(within(dialog).getByTestId('the-secret')).toHaveTextContent(SECRET);
    expect(within(dialog).getByText('用法说明')).toBeInTheDocument();
    // Only a close button: nothing to cancel.
    expect(within(dialog).getByRole('button', { name: /关\s*闭/ })).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /取\s*消/ })).toBeNull();
  });

  it('copies the secret', async () => {
    // jsdom has no clipboard: copy-to-clipboard selects the text and runs execCommand('copy').
    let copied: string | undefined;
    const execCommand = vi.fn((command: string) => {
      if (command === 'copy') copied = document.getSelection()?.toString();
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Parent />);

    const dialog = await screen.findByRole('dialog', { name: '令牌已创建' });
    await user.click(within(dialog).getByRole('button', { name: '复制' }));

    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toBe(SECRET);
    expect(await within(dialog).findByRole('button', { name: '已复制' })).toBeInTheDocument();
  });

  it('is gone, secret and all, once closed', async () => {
    const onClose = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<Parent onClose={onClose} />);

    const dialog = await screen.findByRole('dialog', { name: '令牌已创建' });
    await user.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));

    expect(onClose).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(document.body.textContent).not.toContain(SECRET));
  });

  it('shows nothing without a secret', () => {
    renderWithProviders(
      <SecretOnceModal
        secret={null}
        title="令牌已创建"
        warning="请立即复制"
        copyTooltips={['复制', '已复制']}
        testId="the-secret"
        onClose={() => {}}
      />,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByTestId('the-secret')).toBeNull();
  });
});
