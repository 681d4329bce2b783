import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ApiError, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { tokenStore } from '@/lib/auth/token-store';
import { tokenResponse, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { server } from '@/testing/server';

describe('api client', () => {
  it('sends the bearer token, refreshes once on 401 and retries', async () => {
    tokenStore.set({ access_token: 'old', refresh_token: 'refresh-old' });
    let refreshCalls = 0;
    const seen: (string | null)[] = [];
    server.use(
      http.get(apiPath('/api/v1/me'), ({ request }) => {
        const auth = request.headers.get('Authorization');
        seen.push(auth);
        return auth === 'Bearer access-2' ? HttpResponse.json(zhangsan) : problem(401, 'unauthenticated');
      }),
      http.post(apiPath('/api/v1/auth/refresh'), async ({ request }) => {
        refreshCalls += 1;
        expect(await request.json()).toEqual({ refresh_token: 'refresh-old' });
        return HttpResponse.json(tokenResponse(zhangsan, 2));
      }),
    );

    const [a, b] = await Promise.all([api.GET('/api/v1/me'), api.GET('/api/v1/me')]);
    expect(unwrap(a).name).toBe('张三');
    expect(unwrap(b).name).toBe('张三');
    expect(refreshCalls).toBe(1);
    expect(seen.filter((s) => s === 'Bearer old')).toHaveLength(2);
    // Refresh tokens rotate: the new one is kept.
    expect(tokenStore.getRefreshToken()).toBe('refresh-2');
  });

  it('retries a request body after refreshing', async () => {
    tokenStore.set({ access_token: 'old', refresh_token: 'r' });
    const bodies: unknown[] = [];
    server.use(
      http.post(apiPath('/api/v1/me/tokens'), async ({ request }) => {
        bodies.push(await request.json());
        if (request.headers.get('Authorization') !== 'Bearer access-2') return problem(401, 'unauthenticated');
        return HttpResponse.json(
          { id: 't', name: 'x', prefix: 'p', created_at: '', last_used_at: null, expires_at: null, token: 's' },
          { status: 201 },
        );
      }),
      http.post(apiPath('/api/v1/auth/refresh'), () => HttpResponse.json(tokenResponse(zhangsan, 2))),
    );
    const res = unwrap(await api.POST('/api/v1/me/tokens', { body: { name: 'x' } }));
    expect(res.token).toBe('s');
    expect(bodies).toEqual([{ name: 'x' }, { name: 'x' }]);
  });

  it('clears the tokens when the refresh fails', async () => {
    tokenStore.set({ access_token: 'old', refresh_token: 'expired' });
    server.use(http.get(apiPath('/api/v1/me'), () => problem(401, 'unauthenticated')));
    const result = await api.GET('/api/v1/me');
    expect(() => unwrap(result)).toThrow(ApiError);
    expect(tokenStore.isSignedIn()).toBe(false);
  });

  it('does not try to refresh for auth endpoints', async () => {
    let refreshCalls = 0;
    server.use(
      http.post(apiPath('/api/v1/auth/refresh'), () => {
        refreshCalls += 1;
        return problem(401, 'unauthenticated');
      }),
    );
    const result = await api.POST('/api/v1/auth/login', { body: { email: 'x@y.cn', password: 'nope' } });
    let err: unknown;
    try {
      unwrap(result);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid_credentials');
    expect((err as ApiError).status).toBe(401);
    expect(refreshCalls).toBe(0);
  });

  it('reads field errors from problem+json', async () => {
    tokenStore.set({ access_token: 'a', refresh_token: 'r' });
    server.use(
      http.post(apiPath('/api/v1/me/password'), () =>
        problem(422, 'validation_failed', { errors: { current_password: ['invalid'] } }),
      ),
    );
    const result = await api.POST('/api/v1/me/password', { body: { current_password: 'a', new_password: 'bbbbbbbb' } });
    expect(() => unwrap(result)).toThrow(expect.objectContaining({ code: 'validation_failed', fields: { current_password: ['invalid'] } }));
  });

  it('uses the tokens another tab refreshed meanwhile instead of sending the same refresh token again', async () => {
    tokenStore.set({ access_token: 'old', refresh_token: 'refresh-old' });
    let refreshCalls = 0;
    server.use(
      http.get(apiPath('/api/v1/me'), ({ request }) =>
        request.headers.get('Authorization') === 'Bearer access-other-tab'
          ? HttpResponse.json(zhangsan)
          : problem(401, 'unauthenticated'),
      ),
      http.post(apiPath('/api/v1/auth/refresh'), () => {
        refreshCalls += 1;
        return HttpResponse.json(tokenResponse(zhangsan, 9));
      }),
    );
    // The tabs' lock: while this tab waited for it, the other tab refreshed and stored its pair.
    const locks = {
      request: async (_name: string, f: () => Promise<unknown>) => {
        tokenStore.set({ access_token: 'access-other-tab', refresh_token: 'refresh-other-tab' });
        return f();
      },
    };
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
    try {
      const res = await api.GET('/api/v1/me');
      expect(unwrap(res).name).toBe('张三');
      expect(refreshCalls).toBe(0);
      expect(tokenStore.getRefreshToken()).toBe('refresh-other-tab');
    } finally {
      Reflect.deleteProperty(navigator, 'locks');
    }
  });
});
