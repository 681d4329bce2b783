import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey } from '@/lib/api/query-keys';

export const taskQueryKey = (id: string) => taskPartKey('detail', id);

/** GET /api/v1/tasks/{task_id}: the task with its allowed transitions and capabilities. */
export const taskQuery = (id: string) =>
  queryOptions({
    queryKey: taskQueryKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/tasks/{task_id}', { params: { path: { task_id: id } } })),
  });

export function useTask(id: string) {
  return useQuery(taskQuery(id));
}
