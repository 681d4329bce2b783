import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { i18n } from '@/lib/i18n';
import { server } from '@/testing/server';

// jsdom lacks these; antd's responsive helpers need them.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
// jsdom does not implement pseudo-element styles and logs an error each time antd asks.
const getComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (elt: Element) => getComputedStyle(elt);

// The two cores are shared with builds and other test workers: antd's first render in jsdom can
// take seconds, so the find* queries wait up to 20 s by default.
configure({ asyncUtilTimeout: 20_000 });

// Every test runs at the same moment, whatever day the suite runs on: Thursday 26 November
// 2026, 10:00 in Shanghai (the fixtures' dates are read against it). Only Date is faked, and it
// runs on from there; timers stay real. A test that needs another moment sets it itself.
export const TEST_NOW = new Date('2026-11-26T02:00:00Z');

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(TEST_NOW);
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
