import { queryOptions, useQuery } from '@tanstack/react-query';
import { collectionsKey } from '@/features/collections/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/tasks/{task_id}/collections: each with its latest rounds (newest first) and `can_manage`. */
export const collectionsQuery = (taskId: string) =>
  queryOptions({
    queryKey: [...collectionsKey(taskId), 'list'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/collections', { params: { path: { task_id: taskId } } })).items,
  });

export function useCollections(taskId: string) {
  return useQuery(collectionsQuery(taskId));
}
