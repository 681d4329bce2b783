import { queryOptions, useQuery } from '@tanstack/react-query';
import { summaryKey, type TaskSummaryTextDto } from '@/features/cases/api/types';
import { asApiError, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/tasks/{task_id}/summary: the 协作总结 with its figures, `null` when there is none (404). */
export const taskSummaryQuery = (taskId: string) =>
  queryOptions({
    queryKey: summaryKey(taskId),
    queryFn: async (): Promise<TaskSummaryTextDto | null> => {
      try {
        return unwrap(await api.GET('/api/v1/tasks/{task_id}/summary', { params: { path: { task_id: taskId } } }));
      } catch (err) {
        if (asApiError(err).status === 404) return null;
        throw err;
      }
    },
  });

export function useTaskSummary(taskId: string, enabled = true) {
  return useQuery({ ...taskSummaryQuery(taskId), enabled });
}
