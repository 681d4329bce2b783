import { queryOptions, useQuery } from '@tanstack/react-query';
import { submissionsKey } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/tasks/{task_id}/request/submissions: every submission (each is kept), newest first. */
export const submissionsQuery = (taskId: string) =>
  queryOptions({
    queryKey: submissionsKey(taskId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/request/submissions', { params: { path: { task_id: taskId } } }))
        .items,
  });

export function useSubmissions(taskId: string, enabled = true) {
  return useQuery({ ...submissionsQuery(taskId), enabled });
}
