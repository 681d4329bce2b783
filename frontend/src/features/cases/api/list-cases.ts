import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { caseListKey, type CaseFilters, type CasePageDto } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const CASES_PAGE_SIZE = 20;

/** The case library as the page shows it: every card fetched so far, with the first page's count and facets. */
export type CaseLibrary = Pick<CasePageDto, 'total' | 'facets'> & { items: CasePageDto['items'] };

/**
 * GET /api/v1/cases: archived top-level tasks the caller may see, newest archived first, in pages
 * (`next_cursor`), with facet counts over the cases matching the other filters.
 */
export const casesQuery = (filters: CaseFilters, enabled = true) =>
  infiniteQueryOptions({
    queryKey: caseListKey(filters),
    enabled,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/cases', {
          params: { query: { ...filters, limit: CASES_PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: CasePageDto) => last.next_cursor ?? undefined,
    select: (data: InfiniteData<CasePageDto, string | undefined>): CaseLibrary => ({
      items: data.pages.flatMap((p) => p.items),
      total: data.pages[0]?.total ?? 0,
      facets: data.pages[0]?.facets ?? { department: [], scenario: [], quarter: [], tag: [], outcome: [] },
    }),
  });

/** `enabled: false` while the page lists search hits instead (nothing is fetched then). */
export function useCases(filters: CaseFilters, enabled = true) {
  return useInfiniteQuery(casesQuery(filters, enabled));
}
