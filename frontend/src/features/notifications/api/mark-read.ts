import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { notificationsKey } from '@/lib/api/query-keys';

/** POST /api/v1/notifications/{notification_id}/read */
export async function markRead(id: string): Promise<void> {
  unwrap(
    await api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } }),
  );
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markRead,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
