import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { tasksKey } from '@/lib/api/query-keys';

export type CreateSubtaskRequest = components['schemas']['CreateSubtaskRequest'];

/** POST /api/v1/tasks/{task_id}/subtasks: split a task. */
export async function createSubtask({ parentId, body }: { parentId: string; body: CreateSubtaskRequest }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/subtasks', { params: { path: { task_id: parentId } }, body }),
  );
}

export function useCreateSubtask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSubtask,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
