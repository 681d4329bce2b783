import { useMutation, useQueryClient } from '@tanstack/react-query';
import { webhooksQueryKey } from '@/features/channels/api/list-webhooks';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/webhooks/{webhook_id} */
export async function deleteWebhook(id: string) {
  unwrap(await api.DELETE('/api/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: id } } }));
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWebhook,
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
  });
}
