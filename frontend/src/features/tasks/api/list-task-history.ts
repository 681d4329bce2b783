import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey } from '@/lib/api/query-keys';

/** GET /api/v1/tasks/{task_id}/history, newest first, one cursor page at a time. */
export const taskHistoryQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: taskPartKey('history', id),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/tasks/{task_id}/history', {
          params: { path: { task_id: id }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useTaskHistory(id: string) {
  return useInfiniteQuery(taskHistoryQuery(id));
}
