import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { MyView } from '@/features/tasks/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskListKey } from '@/lib/api/query-keys';

/** GET /api/v1/me/tasks?view=…: 我的工作, soonest deadline first. */
export const myTasksQuery = (view: MyView) =>
  infiniteQueryOptions({
    queryKey: taskListKey('mine', view),
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/me/tasks', { params: { query: { view, limit: 20, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useMyTasks(view: MyView) {
  return useInfiniteQuery(myTasksQuery(view));
}
