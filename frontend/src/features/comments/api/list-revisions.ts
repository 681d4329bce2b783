import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/comments/{comment_id}/revisions: the earlier texts, oldest first. */
export const revisionsQuery = (commentId: string, version: number) =>
  queryOptions({
    // The version in the key: an edit makes a new revision.
    queryKey: ['comments', 'revisions', commentId, version],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/comments/{comment_id}/revisions', { params: { path: { comment_id: commentId } } }),
      ).items,
  });

export function useRevisions(commentId: string, version: number, enabled: boolean) {
  return useQuery({ ...revisionsQuery(commentId, version), enabled });
}
