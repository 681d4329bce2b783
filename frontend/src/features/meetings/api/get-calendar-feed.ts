import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const calendarFeedQueryKey = ['me', 'calendar-feed'] as const;

/** GET /api/v1/me/calendar-feed: whether a private feed exists (never its URL). */
export const calendarFeedQuery = () =>
  queryOptions({
    queryKey: calendarFeedQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/calendar-feed')),
  });

export function useCalendarFeed() {
  return useQuery(calendarFeedQuery());
}
