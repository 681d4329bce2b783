import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { TaskListQuery } from '@/features/tasks/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskListKey } from '@/lib/api/query-keys';

export type TaskListParams = TaskListQuery & { pageSize?: number };

/** GET /api/v1/tasks, one cursor page at a time ("load more"). */
export const tasksInfiniteQuery = ({ pageSize = 20, ...q }: TaskListParams) =>
  infiniteQueryOptions({
    queryKey: taskListKey('list', q, pageSize),
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/tasks', { params: { query: { ...q, limit: pageSize, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useTasks(q: TaskListParams, enabled = true) {
  return useInfiniteQuery({ ...tasksInfiniteQuery(q), enabled });
}
