import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { tasksKey } from '@/lib/api/query-keys';

export type CreateTaskRequest = components['schemas']['CreateTaskRequest'];

/** POST /api/v1/tasks: the new task is a draft. */
export async function createTask(body: CreateTaskRequest) {
  return unwrap(await api.POST('/api/v1/tasks', { body }));
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTask,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
