import { useSyncExternalStore } from 'react';

/** Narrower than this is a phone (antd's `md` breakpoint starts at 768 px). */
export const PHONE_QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(PHONE_QUERY);
  list.addEventListener?.('change', onChange);
  return () => list.removeEventListener?.('change', onChange);
}

/**
 * Whether the window is phone-sized (also in the in-app browsers of WeCom, DingTalk and Feishu):
 * pages then show a compact header with a drawer menu, cards instead of tables and filters in a
 * sheet. Follows the window as it is resized or turned.
 */
export function usePhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}
