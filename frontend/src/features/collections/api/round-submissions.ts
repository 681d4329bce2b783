import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { matrixKey, type SubmissionMatrix, type SubmissionStatus } from '@/features/collections/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * GET /api/v1/collection-rounds/{round_id}/submissions, 50 a page ("加载更多" follows
 * `next_cursor`): the collector sees every department and person of the round and its `counts`;
 * anyone else only the submissions they answer for or whose department they head.
 */
export const roundSubmissionsQuery = (taskId: string, roundId: string, statuses: readonly SubmissionStatus[]) =>
  infiniteQueryOptions({
    queryKey: matrixKey(taskId, roundId, statuses),
    queryFn: async ({ pageParam }): Promise<SubmissionMatrix> =>
      unwrap(
        await api.GET('/api/v1/collection-rounds/{round_id}/submissions', {
          params: {
            path: { round_id: roundId },
            query: { status: statuses.length > 0 ? statuses.join(',') : undefined, limit: 50, cursor: pageParam },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useRoundSubmissions(taskId: string, roundId: string, statuses: readonly SubmissionStatus[]) {
  return useInfiniteQuery(roundSubmissionsQuery(taskId, roundId, statuses));
}
