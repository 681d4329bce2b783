import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components, paths } from '@/lib/api/schema';

export type UserDto = components['schemas']['UserDto'];
export type UserListQuery = Omit<NonNullable<paths['/api/v1/users']['get']['parameters']['query']>, 'cursor' | 'limit'>;

const PAGE_SIZE = 20;

/** GET /api/v1/users, one cursor page at a time ("load more"). */
export const usersInfiniteQuery = (q: UserListQuery) =>
  infiniteQueryOptions({
    queryKey: ['users', 'list', q],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { ...q, limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useUsers(q: UserListQuery) {
  return useInfiniteQuery(usersInfiniteQuery(q));
}
