import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { MeetingWindow } from '@/features/meetings/api/my-meetings';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskListKey } from '@/lib/api/query-keys';
import type { components } from '@/lib/api/schema';

export type AgendaItemDto = components['schemas']['AgendaItemDto'];

/**
 * GET /api/v1/me/deadlines: the deadlines and open milestones of my tasks falling due in the
 * window, soonest first (under the task lists' key: a task's change moves them).
 */
export const myDeadlinesQuery = (w: MeetingWindow) =>
  queryOptions({
    queryKey: taskListKey('deadlines', w.from, w.to),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/me/deadlines', { params: { query: { from: w.from, to: w.to } }, signal })).items,
    placeholderData: keepPreviousData,
  });

export function useMyDeadlines(w: MeetingWindow) {
  return useQuery(myDeadlinesQuery(w));
}
