import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components, paths } from '@/lib/api/schema';

export type JobDto = components['schemas']['JobDto'];
export type JobStatus = components['schemas']['JobStatus'];
export type JobQuery = Omit<NonNullable<paths['/api/v1/jobs']['get']['parameters']['query']>, 'cursor' | 'limit'>;

export const JOB_STATUSES: JobStatus[] = ['dead', 'queued', 'running', 'done'];

/** The kinds the server runs today; the filter also accepts any other. */
export const JOB_KINDS = ['mail', 'robot', 'webhook', 'export', 'extract_text'] as const;

export const jobsQueryKey = ['jobs'] as const;

const PAGE_SIZE = 50;

/** GET /api/v1/jobs (administrators), newest change first, one cursor page at a time. */
export const jobsInfiniteQuery = (q: JobQuery) =>
  infiniteQueryOptions({
    queryKey: [...jobsQueryKey, 'list', q],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/jobs', { params: { query: { ...q, limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useJobs(q: JobQuery) {
  return useInfiniteQuery(jobsInfiniteQuery(q));
}
