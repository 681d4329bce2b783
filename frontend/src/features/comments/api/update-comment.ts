import { useMutation, useQueryClient } from '@tanstack/react-query';
import { commentsQueryKey } from '@/features/comments/api/list-comments';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type UpdateCommentRequest = components['schemas']['UpdateCommentRequest'];

/** PATCH /api/v1/comments/{comment_id} with If-Match: 412 when it changed meanwhile. */
export async function updateComment({ id, version, body }: { id: string; version: number; body: UpdateCommentRequest }) {
  return unwrap(
    await api.PATCH('/api/v1/comments/{comment_id}', {
      params: { path: { comment_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateComment,
    // On 412 too: show what the server has now.
    onSettled: () => queryClient.invalidateQueries({ queryKey: commentsQueryKey(taskId) }),
  });
}
