import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CompleteTaskRequest } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

/**
 * POST /api/v1/tasks/{task_id}/complete (完成任务) with the 协作总结: 409 `open_subtasks` names the
 * open subtasks' ids in `allowed`; 422 names the fields that are wrong.
 */
export async function completeTask({ taskId, body }: { taskId: string; body: CompleteTaskRequest }) {
  return unwrap(await api.POST('/api/v1/tasks/{task_id}/complete', { params: { path: { task_id: taskId } }, body }));
}

export function useCompleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: completeTask,
    onSuccess: (task) => queryClient.setQueryData(taskPartKey('detail', task.id), task),
    // The page (status, summary, actions) and every list the task is in.
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
