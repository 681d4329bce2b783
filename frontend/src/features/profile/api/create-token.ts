import { useMutation, useQueryClient } from '@tanstack/react-query';
import { tokensQueryKey } from '@/features/profile/api/list-tokens';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CreateAccessTokenRequest = components['schemas']['CreateAccessTokenRequest'];
export type CreatedAccessTokenDto = components['schemas']['CreatedAccessTokenDto'];

/** POST /api/v1/me/tokens: the answer holds the plain token, the only time it is ever sent. */
export async function createToken(body: CreateAccessTokenRequest): Promise<CreatedAccessTokenDto> {
  return unwrap(await api.POST('/api/v1/me/tokens', { body }));
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}
