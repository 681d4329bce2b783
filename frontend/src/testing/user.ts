import type { screen } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

/** User events without user-event's style checks, which are slow in jsdom on a large page. */
export function setupFastUser() {
  return userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
}

/** A button by its text (antd spaces two-character labels: 保 存), faster than getByRole. */
export function buttonByText(container: Pick<typeof screen, 'getByText'>, text: RegExp): HTMLElement {
  const found = container.getByText(text).closest('button');
  if (!found) throw new Error(`no button ${String(text)}`);
  return found;
}
