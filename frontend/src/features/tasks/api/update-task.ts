import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskQueryKey } from '@/features/tasks/api/get-task';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { tasksKey } from '@/lib/api/query-keys';

export type UpdateTaskRequest = components['schemas']['UpdateTaskRequest'];

/** PATCH /api/v1/tasks/{task_id} with If-Match: 412 when someone else changed it first. */
export async function updateTask({ id, version, body }: { id: string; version: number; body: UpdateTaskRequest }) {
  return unwrap(
    await api.PATCH('/api/v1/tasks/{task_id}', {
      params: { path: { task_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateTask,
    onSuccess: (task) => queryClient.setQueryData(taskQueryKey(task.id), task),
    // On 412 and 409 too: lists and the page must show what the server has now.
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
