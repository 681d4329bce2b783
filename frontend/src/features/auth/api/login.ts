import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { meQueryKey } from '@/lib/auth/current-user';
import { deviceTokens } from '@/lib/auth/device-tokens';
import { tokenStore } from '@/lib/auth/token-store';
import { i18n, storedLanguage } from '@/lib/i18n';

export type LoginRequest = components['schemas']['LoginRequest'];
export type TokenResponse = components['schemas']['TokenResponse'];

/**
 * POST /api/v1/auth/login, with the device token an earlier sign-in to this account gave this
 * browser (a known device is not locked out when others guess the password); keeps a new one.
 */
export async function login(body: Omit<LoginRequest, 'device_token'>): Promise<TokenResponse> {
  const device = deviceTokens.get(body.email);
  const data = unwrap(await api.POST('/api/v1/auth/login', { body: device ? { ...body, device_token: device } : body }));
  if (data.device_token) deviceTokens.set(body.email, data.device_token);
  return data;
}

/** Signs in: stores both tokens and primes the current-user query. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: async (data) => {
      tokenStore.set(data);
      queryClient.setQueryData(meQueryKey, data.user);
      // A language picked in this browser wins; otherwise use the user's preference.
      if (!storedLanguage() && i18n.resolvedLanguage !== data.user.locale) {
        await i18n.changeLanguage(data.user.locale);
      }
    },
  });
}
