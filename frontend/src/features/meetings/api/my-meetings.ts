import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { meetingsKey } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** A window of time, as RFC 3339 instants; `to` is exclusive. */
export type MeetingWindow = { from: string; to: string };

export const myMeetingsQueryKey = (w: MeetingWindow) => [...meetingsKey, 'mine', w.from, w.to] as const;

/** GET /api/v1/me/meetings: the meetings I take part in starting in the window, soonest first. */
export const myMeetingsQuery = (w: MeetingWindow) =>
  queryOptions({
    queryKey: myMeetingsQueryKey(w),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/me/meetings', { params: { query: { from: w.from, to: w.to } }, signal })).items,
    // Paging through months keeps the last month on screen until the next one is there.
    placeholderData: keepPreviousData,
  });

export function useMyMeetings(w: MeetingWindow) {
  return useQuery(myMeetingsQuery(w));
}
