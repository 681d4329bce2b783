import { useQueries } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * GET /api/v1/users/{user_id} for each id: the names of the people a flow's rules name (the flow
 * itself carries only their ids). Unknown ids (e.g. deleted people) stay out of the map.
 */
export function useUserNames(ids: string[]): Record<string, string> {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ['users', 'detail', id],
      queryFn: async () => unwrap(await api.GET('/api/v1/users/{user_id}', { params: { path: { user_id: id } } })),
      staleTime: 60_000,
    })),
  });
  const names: Record<string, string> = {};
  results.forEach((r, i) => {
    if (r.data) names[unique[i]!] = r.data.name;
  });
  return names;
}
