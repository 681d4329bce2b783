import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

/** DELETE /api/v1/tasks/{task_id}: the task and its subtasks. */
export async function deleteTask(id: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/tasks/{task_id}', { params: { path: { task_id: id } } }));
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTask,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: taskPartKey('detail', id) });
      return queryClient.invalidateQueries({ queryKey: tasksKey });
    },
  });
}
