import { fireEvent, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
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

/** Types a day (YYYY-MM-DD) into an antd DatePicker and confirms it. */
export async function typeDate(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, day: string) {
  fireEvent.mouseDown(input);
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: day } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  await user.keyboard('{Escape}');
  await waitFor(() => expect(input).toHaveValue(day));
}
