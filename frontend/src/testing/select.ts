import { waitFor } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';

/** Opens an antd Select and clicks one of its options (by the option's title, i.e. its label). */
export async function pickOption(user: ReturnType<typeof userEvent.setup>, select: HTMLElement, option: string) {
  await user.click(select);
  const item = await waitFor(
    () => {
      const found = document.querySelector<HTMLElement>(`.ant-select-dropdown .ant-select-item-option[title="${option}"]`);
      if (!found) throw new Error(`no option ${option}`);
      return found;
    },
    { timeout: 20_000 },
  );
  await user.click(item);
}
