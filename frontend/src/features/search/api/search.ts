import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import {
  EMPTY_SEARCH_FACETS,
  searchKey,
  type SearchPageDto,
  type SearchParams,
} from '@/features/search/api/types';
import { ApiError, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const SEARCH_PAGE_SIZE = 20;

/** The results as a page shows them: every hit fetched so far, with the first page's count and facets. */
export type SearchResults = Pick<SearchPageDto, 'total' | 'facets'> & { items: SearchPageDto['items'] };

/** While the index is (re)built the API answers 503 `index_building`: the page offers to retry. */
export const isIndexBuilding = (err: unknown) => err instanceof ApiError && err.code === 'index_building';

/**
 * GET /api/v1/search: hits the caller may open across tasks, comments, meetings and files, in
 * pages (`next_cursor`), with facet counts over all of them.
 */
export const searchQuery = (params: SearchParams) =>
  infiniteQueryOptions({
    queryKey: searchKey(params),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/search', {
          params: { query: { ...params, limit: SEARCH_PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: SearchPageDto) => last.next_cursor ?? undefined,
    // The words are required in practice: nothing is asked before there are some.
    enabled: params.q.length > 0,
    // A building index says so at once (the page has a retry button); other failures retry as usual.
    retry: (count, err) =>
      !isIndexBuilding(err) && !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    select: (data: InfiniteData<SearchPageDto, string | undefined>): SearchResults => ({
      items: data.pages.flatMap((p) => p.items),
      total: data.pages[0]?.total ?? 0,
      facets: data.pages[0]?.facets ?? EMPTY_SEARCH_FACETS,
    }),
  });

export function useSearch(params: SearchParams) {
  return useInfiniteQuery(searchQuery(params));
}
