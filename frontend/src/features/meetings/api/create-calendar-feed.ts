import { useMutation, useQueryClient } from '@tanstack/react-query';
import { calendarFeedQueryKey } from '@/features/meetings/api/get-calendar-feed';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/me/calendar-feed: a new secret URL, sent only this once; the old one stops working. */
export async function createCalendarFeed() {
  return unwrap(await api.POST('/api/v1/me/calendar-feed'));
}

export function useCreateCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCalendarFeed,
    onSettled: () => queryClient.invalidateQueries({ queryKey: calendarFeedQueryKey }),
  });
}
