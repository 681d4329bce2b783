import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { notificationsKey } from '@/lib/api/query-keys';

/** POST /api/v1/notifications/read-all */
export async function markAllRead(): Promise<void> {
  unwrap(await api.POST('/api/v1/notifications/read-all'));
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAllRead,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
