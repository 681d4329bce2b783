/** Access and refresh tokens, kept in localStorage; listeners hear about every change. */
const ACCESS_KEY = 'tandem.access_token';
const REFRESH_KEY = 'tandem.refresh_token';

type Listener = () => void;
const listeners = new Set<Listener>();

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function notify() {
  for (const l of listeners) l();
}

export const tokenStore = {
  getAccessToken: (): string | null => read(ACCESS_KEY),
  getRefreshToken: (): string | null => read(REFRESH_KEY),
  /** True while there is any token that can authenticate a request. */
  isSignedIn: (): boolean => read(ACCESS_KEY) !== null || read(REFRESH_KEY) !== null,
  set(tokens: { access_token: string; refresh_token: string }) {
    window.localStorage.setItem(ACCESS_KEY, tokens.access_token);
    window.localStorage.setItem(REFRESH_KEY, tokens.refresh_token);
    notify();
  },
  clear() {
    window.localStorage.removeItem(ACCESS_KEY);
    window.localStorage.removeItem(REFRESH_KEY);
    notify();
  },
  // An arrow, like the getters: useSyncExternalStore calls it detached from tokenStore.
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    // Another tab signing in or out changes localStorage too.
    const onStorage = (e: StorageEvent) => {
      if (e.key === null || e.key === ACCESS_KEY || e.key === REFRESH_KEY) listener();
    };
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  },
};
