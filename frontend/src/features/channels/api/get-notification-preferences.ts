import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type NotificationPreferences = components['schemas']['NotificationPreferences'];

export const notificationPreferencesQueryKey = ['me', 'notification-preferences'] as const;

/** GET /api/v1/me/notification-preferences: whether I get mail and robot @-mentions. */
export const notificationPreferencesQuery = () =>
  queryOptions({
    queryKey: notificationPreferencesQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/notification-preferences')),
  });

export function useNotificationPreferences() {
  return useQuery(notificationPreferencesQuery());
}
