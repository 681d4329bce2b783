import { useMutation, useQueryClient } from '@tanstack/react-query';
import { commentsQueryKey } from '@/features/comments/api/list-comments';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CreateCommentRequest = components['schemas']['CreateCommentRequest'];

/** POST /api/v1/tasks/{task_id}/comments: a comment, or a reply when `parent_id` is set. */
export async function createComment({ taskId, body }: { taskId: string; body: CreateCommentRequest }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/comments', { params: { path: { task_id: taskId } }, body }),
  );
}

export function useCreateComment(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCommentRequest) => createComment({ taskId, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsQueryKey(taskId) }),
  });
}
