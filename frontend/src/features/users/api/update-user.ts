import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { meQueryKey } from '@/lib/auth/current-user';

export type UpdateUserRequest = components['schemas']['UpdateUserRequest'];

/** PATCH /api/v1/users/{user_id} with If-Match (admin only) */
export async function updateUser({ id, version, body }: { id: string; version: number; body: UpdateUserRequest }) {
  return unwrap(
    await api.PATCH('/api/v1/users/{user_id}', {
      params: { path: { user_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSettled: async () => {
      // A 412 means the row changed elsewhere: reload it either way. The admin may have edited themself.
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
