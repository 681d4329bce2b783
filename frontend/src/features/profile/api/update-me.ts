import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { meQueryKey } from '@/lib/auth/current-user';

export type UpdateMeRequest = components['schemas']['UpdateMeRequest'];

/** PATCH /api/v1/me with If-Match of the version the form was filled from. */
export async function updateMe({ version, body }: { version: number; body: UpdateMeRequest }) {
  return unwrap(await api.PATCH('/api/v1/me', { params: { header: { 'If-Match': ifMatch(version) } }, body }));
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
    onError: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
