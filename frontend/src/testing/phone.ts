import { onTestFinished } from 'vitest';
import { PHONE_QUERY } from '@/lib/use-phone';

/**
 * Makes the window phone-sized for the current test (`usePhone()` answers true; antd's own
 * breakpoints are left as they are); the window is restored when the test ends.
 */
export function asPhone(): void {
  const original = Object.getOwnPropertyDescriptor(window, 'matchMedia');
  const desktop = window.matchMedia.bind(window);
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) => ({ ...desktop(query), matches: query === PHONE_QUERY }),
  });
  onTestFinished(() => {
    if (original) Object.defineProperty(window, 'matchMedia', original);
  });
}
