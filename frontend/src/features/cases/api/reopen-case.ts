import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

/** POST /api/v1/tasks/{task_id}/reopen (移出案例库, administrators): the task is done and editable again. */
export async function reopenCase({ taskId, reason }: { taskId: string; reason: string }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/reopen', { params: { path: { task_id: taskId } }, body: { reason } }),
  );
}

export function useReopenCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reopenCase,
    onSuccess: (task) => queryClient.setQueryData(taskPartKey('detail', task.id), task),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
