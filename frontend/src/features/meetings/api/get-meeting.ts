import { queryOptions, useQuery } from '@tanstack/react-query';
import { meetingsKey } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const meetingQueryKey = (id: string) => [...meetingsKey, 'detail', id] as const;

/** GET /api/v1/meetings/{meeting_id}: `version` is the ETag for changes. */
export const meetingQuery = (id: string) =>
  queryOptions({
    queryKey: meetingQueryKey(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/meetings/{meeting_id}', { params: { path: { meeting_id: id } } })),
  });

export function useMeeting(id: string) {
  return useQuery(meetingQuery(id));
}
