import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type AccessTokenDto = components['schemas']['AccessTokenDto'];

export const tokensQueryKey = ['me', 'tokens'] as const;

/** GET /api/v1/me/tokens */
export const tokensQuery = () =>
  queryOptions({
    queryKey: tokensQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/tokens')).items,
  });

export function useTokens() {
  return useQuery(tokensQuery());
}
