import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { notificationsKey } from '@/lib/api/query-keys';

/** POST /api/v1/notifications/{notification_id}/ack: 已确认 (also marks it read). */
export async function acknowledge(id: string): Promise<void> {
  unwrap(await api.POST('/api/v1/notifications/{notification_id}/ack', { params: { path: { notification_id: id } } }));
}

export function useAcknowledge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledge,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
