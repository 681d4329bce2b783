import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

/** POST /api/v1/tasks/{task_id}/archive (归档到案例库): a done top-level task becomes a read-only case. */
export async function archiveTask(taskId: string) {
  return unwrap(await api.POST('/api/v1/tasks/{task_id}/archive', { params: { path: { task_id: taskId } }, body: {} }));
}

export function useArchiveTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: archiveTask,
    onSuccess: (task) => queryClient.setQueryData(taskPartKey('detail', task.id), task),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
