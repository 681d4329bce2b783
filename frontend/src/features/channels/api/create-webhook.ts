import { useMutation, useQueryClient } from '@tanstack/react-query';
import { webhooksQueryKey } from '@/features/channels/api/list-webhooks';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CreateWebhookRequest = components['schemas']['CreateWebhookRequest'];

/** POST /api/v1/webhooks: answers the signing secret, this once. */
export async function createWebhook(body: CreateWebhookRequest) {
  return unwrap(await api.POST('/api/v1/webhooks', { body }));
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWebhook,
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
  });
}
