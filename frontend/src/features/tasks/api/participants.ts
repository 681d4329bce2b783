import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

export const participantsQueryKey = (taskId: string) => taskPartKey('participants', taskId);

/** GET /api/v1/tasks/{task_id}/participants: who takes part and why. */
export const participantsQuery = (taskId: string) =>
  queryOptions({
    queryKey: participantsQueryKey(taskId),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/participants', { params: { path: { task_id: taskId } } })),
  });

export function useParticipants(taskId: string) {
  return useQuery(participantsQuery(taskId));
}

/** DELETE /api/v1/tasks/{task_id}/participants/{user_id}. */
export async function removeParticipant({ taskId, userId }: { taskId: string; userId: string }) {
  unwrap(
    await api.DELETE('/api/v1/tasks/{task_id}/participants/{user_id}', {
      params: { path: { task_id: taskId, user_id: userId } },
    }),
  );
}

/** Removing someone changes the task (collaborators, history) and its files' sharing: refetch. */
export function useRemoveParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeParticipant,
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
