import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type ChangePasswordRequest = components['schemas']['ChangePasswordRequest'];

/** POST /api/v1/me/password (other sessions' refresh tokens are revoked by the server). */
export async function changePassword(body: ChangePasswordRequest): Promise<void> {
  unwrap(await api.POST('/api/v1/me/password', { body }));
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
