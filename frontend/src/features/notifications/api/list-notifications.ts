import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { notificationsKey } from '@/lib/api/query-keys';

export type NotificationDto = components['schemas']['NotificationDto'];

/** GET /api/v1/notifications, newest first; `unread` keeps only unread ones. */
export const notificationsQuery = (unread: boolean) =>
  infiniteQueryOptions({
    queryKey: [...notificationsKey, 'list', { unread }],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/notifications', {
          params: { query: { unread: unread || undefined, limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useNotifications(unread: boolean) {
  return useInfiniteQuery(notificationsQuery(unread));
}
