import { useMutation, useQueryClient } from '@tanstack/react-query';
import { tokensQueryKey } from '@/features/profile/api/list-tokens';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/me/tokens/{token_id} */
export async function revokeToken(tokenId: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/me/tokens/{token_id}', { params: { path: { token_id: tokenId } } }));
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}
