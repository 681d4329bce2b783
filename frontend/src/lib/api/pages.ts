import { infiniteQueryOptions, type InfiniteData, type QueryKey } from '@tanstack/react-query';

/** A page of a cursor list as the API answers it. */
export interface CursorPage<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * A cursor list as one query whose `data` is the items of every page fetched so far; the result
 * also has `hasNextPage`/`fetchNextPage` for a "load more" button (LoadMore).
 */
export function cursorListQuery<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: CursorPage<T>) => last.next_cursor ?? undefined,
    select: (data: InfiniteData<CursorPage<T>, string | undefined>): T[] => data.pages.flatMap((p) => p.items),
  });
}
