import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { notificationsKey } from '@/lib/api/query-keys';

export const UNREAD_POLL_MS = 30_000;

/** GET /api/v1/notifications?unread=true&limit=1: only `unread_count` is used (the header bell). */
export const unreadCountQuery = () =>
  queryOptions({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 1 } } })).unread_count,
    refetchInterval: UNREAD_POLL_MS,
  });

export function useUnreadCount() {
  return useQuery(unreadCountQuery());
}
