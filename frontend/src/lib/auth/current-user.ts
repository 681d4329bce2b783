import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type Me = components['schemas']['MeDto'];

export const meQueryKey = ['me'] as const;

/** GET /api/v1/me: the signed-in user, shared by the layout, guards and features. */
export const meQuery = () =>
  queryOptions({
    queryKey: meQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me')),
    staleTime: 60_000,
  });

export function useCurrentUser() {
  return useQuery(meQuery());
}
