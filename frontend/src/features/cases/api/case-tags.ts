import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { caseTagsKey } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/case-tags?q=: tags in use on the cases the caller may see, those starting with `q` first. */
export const caseTagsQuery = (q: string) =>
  queryOptions({
    queryKey: caseTagsKey(q),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/case-tags', { params: { query: { q: q || undefined, limit: 20 } } })).items,
    staleTime: 60_000,
  });

export function useCaseTags(q: string, enabled = true) {
  return useQuery({ ...caseTagsQuery(q.trim().slice(0, 30)), enabled, placeholderData: keepPreviousData });
}
