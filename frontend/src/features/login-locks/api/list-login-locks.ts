import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type LoginLockDto = components['schemas']['LoginLockDto'];
export type LockKind = components['schemas']['LockKind'];

export const loginLocksKey = ['login-locks'] as const;

/** GET /api/v1/login-locks (administrators): keys locked now or failing in the last window. */
export const loginLocksQuery = () =>
  queryOptions({
    queryKey: loginLocksKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/login-locks')),
    // Locks run out by themselves: keep the page current.
    refetchInterval: 30_000,
  });

export function useLoginLocks() {
  return useQuery(loginLocksQuery());
}
