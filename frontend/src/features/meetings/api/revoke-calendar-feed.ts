import { useMutation, useQueryClient } from '@tanstack/react-query';
import { calendarFeedQueryKey } from '@/features/meetings/api/get-calendar-feed';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/me/calendar-feed: subscribed calendars stop getting meetings. */
export async function revokeCalendarFeed() {
  unwrap(await api.DELETE('/api/v1/me/calendar-feed'));
}

export function useRevokeCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeCalendarFeed,
    onSettled: () => queryClient.invalidateQueries({ queryKey: calendarFeedQueryKey }),
  });
}
