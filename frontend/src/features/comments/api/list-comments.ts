import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { taskPartKey } from '@/lib/api/query-keys';

export type CommentDto = components['schemas']['CommentDto'];
export type MentionDto = components['schemas']['MentionDto'];
export type MentionRequest = components['schemas']['MentionRequest'];
export type AttachmentDto = components['schemas']['AttachmentDto'];

/** Under the task's key, so whatever refreshes a task (a mutation, a live event) refreshes its comments. */
export const commentsQueryKey = (taskId: string) => taskPartKey('comments', taskId);

export type CommentList = components['schemas']['CommentList'];

/** Comments per page (besides the pinned ones). */
const PAGE_SIZE = 30;

/**
 * The conversation as it reads: the pinned comments, then every page fetched so far from the
 * oldest to the newest (the API gives the newest page first, each page oldest first).
 */
export function conversation(data: InfiniteData<CommentList, string | undefined>): CommentDto[] {
  const pinned = (data.pages[0]?.items ?? []).filter((c) => c.pinned_at !== null);
  const rest = [...data.pages].reverse().flatMap((p) => p.items.filter((c) => c.pinned_at === null));
  return [...pinned, ...rest];
}

/**
 * GET /api/v1/tasks/{task_id}/comments, newest page first; `fetchNextPage` brings the page of
 * older comments.
 */
export const commentsQuery = (taskId: string) =>
  infiniteQueryOptions({
    queryKey: commentsQueryKey(taskId),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/tasks/{task_id}/comments', {
          params: { path: { task_id: taskId }, query: { limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: CommentList) => last.next_cursor ?? undefined,
    select: conversation,
  });

export function useComments(taskId: string) {
  return useInfiniteQuery(commentsQuery(taskId));
}
