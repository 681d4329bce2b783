import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { tokenStore } from '@/lib/auth/token-store';

/** POST /api/v1/auth/logout with the refresh token, then forgets the tokens whatever the answer. */
export async function logout(): Promise<void> {
  const refreshToken = tokenStore.getRefreshToken();
  try {
    if (refreshToken) await api.POST('/api/v1/auth/logout', { body: { refresh_token: refreshToken } });
  } finally {
    tokenStore.clear();
  }
}

export function useLogout() {
  return useMutation({ mutationFn: logout });
}
