import createClient, { type Middleware } from 'openapi-fetch';
import { env } from '@/config/env';
import type { paths } from '@/lib/api/schema';
import { tokenStore } from '@/lib/auth/token-store';

const AUTH_PREFIX = '/api/v1/auth/';

function baseUrl(): string {
  if (env.apiBaseUrl) return env.apiBaseUrl;
  // Same origin as the page: equivalent to relative URLs, but also valid for Node's fetch in tests.
  return typeof window !== 'undefined' ? window.location.origin : '';
}

/** The absolute URL of an API path, for requests made without the client (uploads with progress). */
export function apiUrl(path: `/api/v1/${string}`): string {
  return `${baseUrl()}${path}`;
}

// Look fetch up per call (not once at import) so test doubles such as MSW can patch it.
export const api = createClient<paths>({ baseUrl: baseUrl(), fetch: (request) => globalThis.fetch(request) });

let refreshing: Promise<boolean> | null = null;

async function doRefresh(): Promise<boolean> {
  const refreshToken = tokenStore.getRefreshToken();
  if (!refreshToken) return false;
  try {
    const { data, response } = await api.POST('/api/v1/auth/refresh', {
      body: { refresh_token: refreshToken },
    });
    if (!response.ok || !data) return false;
    // Refresh tokens rotate: always keep the new pair.
    tokenStore.set(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `f` while holding the browser's lock shared by this site's tabs (Web Locks), so two tabs
 * never send the same refresh token; where the browser has none, just runs it.
 */
function withTabLock<T>(f: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('tandem-session-refresh', f) as Promise<T>) : f();
}

/**
 * Refreshes the session once, however many requests (and tabs) ask at the same time: a tab that
 * waited for another tab's refresh uses the tokens it stored instead of refreshing again.
 */
export function refreshSession(): Promise<boolean> {
  const seen = tokenStore.getRefreshToken();
  refreshing ??= withTabLock(async () => {
    const current = tokenStore.getRefreshToken();
    if (current && current !== seen) return true;
    return doRefresh();
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

// Copies of outgoing requests (by openapi-fetch request id), so a 401 can be retried with its body.
const pending = new Map<string, Request>();

function isAuthEndpoint(schemaPath: string): boolean {
  return schemaPath.startsWith(AUTH_PREFIX);
}

export const authMiddleware: Middleware = {
  onRequest({ request, schemaPath, id }) {
    if (isAuthEndpoint(schemaPath)) return request;
    const token = tokenStore.getAccessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    pending.set(id, request.clone());
    return request;
  },
  async onResponse({ response, schemaPath, id }) {
    const original = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || isAuthEndpoint(schemaPath) || !original) return response;
    const refreshed = await refreshSession();
    if (!refreshed) {
      tokenStore.clear();
      return response;
    }
    const retry = new Request(original);
    const token = tokenStore.getAccessToken();
    if (token) retry.headers.set('Authorization', `Bearer ${token}`);
    const second = await fetch(retry);
    if (second.status === 401) tokenStore.clear();
    return second;
  },
  onError({ id }) {
    pending.delete(id);
  },
};

api.use(authMiddleware);
