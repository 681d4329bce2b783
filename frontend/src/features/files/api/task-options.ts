import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskListKey } from '@/lib/api/query-keys';

/** GET /api/v1/tasks?q=: the few tasks matching what was typed, for the Files page's task filter. */
export const taskOptionsQuery = (q: string) =>
  queryOptions({
    queryKey: taskListKey('search', 'file-filter', q),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks', { params: { query: { q: q || undefined, limit: 20, sort: '-updated_at' } } })),
    staleTime: 30_000,
  });

export function useTaskOptions(q: string) {
  return useQuery(taskOptionsQuery(q));
}
