import { useMutation, useQueryClient } from '@tanstack/react-query';
import { loginLocksKey } from '@/features/login-locks/api/list-login-locks';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/login-locks/{lock_id}: forgets a key's failures and lock (audited). */
export async function clearLoginLock(id: string) {
  unwrap(await api.DELETE('/api/v1/login-locks/{lock_id}', { params: { path: { lock_id: id } } }));
}

export function useClearLoginLock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: clearLoginLock,
    onSettled: () => queryClient.invalidateQueries({ queryKey: loginLocksKey }),
  });
}
