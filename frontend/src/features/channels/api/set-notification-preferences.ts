import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  notificationPreferencesQueryKey,
  type NotificationPreferences,
} from '@/features/channels/api/get-notification-preferences';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** PUT /api/v1/me/notification-preferences: both channels at once. */
export async function setNotificationPreferences(body: NotificationPreferences) {
  return unwrap(await api.PUT('/api/v1/me/notification-preferences', { body }));
}

export function useSetNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setNotificationPreferences,
    onSuccess: (saved) => queryClient.setQueryData(notificationPreferencesQueryKey, saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationPreferencesQueryKey }),
  });
}
