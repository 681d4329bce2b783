import { useMutation, useQueryClient } from '@tanstack/react-query';
import { commentsQueryKey } from '@/features/comments/api/list-comments';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/comments/{comment_id}: soft, the replies stay. */
export async function deleteComment(id: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/comments/{comment_id}', { params: { path: { comment_id: id } } }));
}

export function useDeleteComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteComment,
    onSettled: () => queryClient.invalidateQueries({ queryKey: commentsQueryKey(taskId) }),
  });
}
