import { queryOptions, useQuery } from '@tanstack/react-query';
import { meetingsKey } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const taskMeetingsQueryKey = (taskId: string) => [...meetingsKey, 'task', taskId] as const;

/** GET /api/v1/tasks/{task_id}/meetings: soonest first. */
export const taskMeetingsQuery = (taskId: string) =>
  queryOptions({
    queryKey: taskMeetingsQueryKey(taskId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/meetings', { params: { path: { task_id: taskId } } })).items,
  });

export function useTaskMeetings(taskId: string) {
  return useQuery(taskMeetingsQuery(taskId));
}
