import { queryOptions, useQuery } from '@tanstack/react-query';
import { meetingsKey } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/tasks/{task_id}/meeting-draft: title and agenda (goal, open subtasks, blockers). */
export const meetingDraftQuery = (taskId: string) =>
  queryOptions({
    queryKey: [...meetingsKey, 'draft', taskId],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/meeting-draft', { params: { path: { task_id: taskId } } })),
    // The task changes under the draft: ask again each time the form opens.
    staleTime: 0,
    gcTime: 0,
  });

export function useMeetingDraft(taskId: string, enabled: boolean) {
  return useQuery({ ...meetingDraftQuery(taskId), enabled });
}
