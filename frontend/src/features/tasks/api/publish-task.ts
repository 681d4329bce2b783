import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskQueryKey } from '@/features/tasks/api/get-task';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { tasksKey } from '@/lib/api/query-keys';

/** POST /api/v1/tasks/{task_id}/publish: notifies everyone involved. */
export async function publishTask(id: string) {
  return unwrap(await api.POST('/api/v1/tasks/{task_id}/publish', { params: { path: { task_id: id } } }));
}

export function usePublishTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: publishTask,
    onSuccess: (task) => queryClient.setQueryData(taskQueryKey(task.id), task),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
