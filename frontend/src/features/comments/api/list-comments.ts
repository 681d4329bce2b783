import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CommentDto = components['schemas']['CommentDto'];
export type MentionDto = components['schemas']['MentionDto'];
export type MentionRequest = components['schemas']['MentionRequest'];
export type AttachmentDto = components['schemas']['AttachmentDto'];

/** Under the task's key, so whatever refreshes a task (a mutation, a live event) refreshes its comments. */
export const commentsQueryKey = (taskId: string) => ['tasks', 'comments', taskId] as const;

/** GET /api/v1/tasks/{task_id}/comments: pinned first, then oldest first, each with its replies. */
export const commentsQuery = (taskId: string) =>
  queryOptions({
    queryKey: commentsQueryKey(taskId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/comments', { params: { path: { task_id: taskId } } })).items,
  });

export function useComments(taskId: string) {
  return useQuery(commentsQuery(taskId));
}
