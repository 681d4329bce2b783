import { queryOptions, useQuery } from '@tanstack/react-query';
import { webhooksQueryKey } from '@/features/channels/api/list-webhooks';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type WebhookDeliveryDto = components['schemas']['WebhookDeliveryDto'];

/** GET /api/v1/webhooks/{webhook_id}/deliveries: the latest 100 attempts, newest first. */
export const webhookDeliveriesQuery = (id: string) =>
  queryOptions({
    queryKey: [...webhooksQueryKey, 'deliveries', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/webhooks/{webhook_id}/deliveries', { params: { path: { webhook_id: id } } })).items,
  });

export function useWebhookDeliveries(id: string | null) {
  return useQuery({ ...webhookDeliveriesQuery(id ?? ''), enabled: id !== null });
}
