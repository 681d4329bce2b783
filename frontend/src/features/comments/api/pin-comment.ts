import { useMutation, useQueryClient } from '@tanstack/react-query';
import { commentsQueryKey } from '@/features/comments/api/list-comments';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** PUT (置顶) or DELETE (取消置顶) /api/v1/comments/{comment_id}/pin. */
export async function setPinned({ id, pinned }: { id: string; pinned: boolean }) {
  const params = { params: { path: { comment_id: id } } };
  return unwrap(
    pinned
      ? await api.PUT('/api/v1/comments/{comment_id}/pin', params)
      : await api.DELETE('/api/v1/comments/{comment_id}/pin', params),
  );
}

export function usePinComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setPinned,
    onSettled: () => queryClient.invalidateQueries({ queryKey: commentsQueryKey(taskId) }),
  });
}
