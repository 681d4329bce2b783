import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestKey, type RequestDto } from '@/features/approvals/api/types';
import { asApiError, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * GET /api/v1/tasks/{task_id}/request: the request with `version` (its ETag) and what the reader
 * may do. `null` while the task has no request form yet (404); 409 for a task of another scenario.
 */
export async function getRequest(taskId: string): Promise<RequestDto | null> {
  try {
    return unwrap(await api.GET('/api/v1/tasks/{task_id}/request', { params: { path: { task_id: taskId } } }));
  } catch (err) {
    if (asApiError(err).status === 404) return null;
    throw err;
  }
}

export const requestQuery = (taskId: string) => queryOptions({ queryKey: requestKey(taskId), queryFn: () => getRequest(taskId) });

export function useRequest(taskId: string) {
  return useQuery(requestQuery(taskId));
}
