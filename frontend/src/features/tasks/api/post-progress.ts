import { useMutation, useQueryClient } from '@tanstack/react-query';
import { taskQueryKey } from '@/features/tasks/api/get-task';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { tasksKey } from '@/lib/api/query-keys';

export type ProgressRequest = components['schemas']['ProgressRequest'];

/** POST /api/v1/tasks/{task_id}/progress: status, percent and a note, with If-Match. */
export async function postProgress({ id, version, body }: { id: string; version: number; body: ProgressRequest }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/progress', {
      params: { path: { task_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function usePostProgress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postProgress,
    onSuccess: (task) => queryClient.setQueryData(taskQueryKey(task.id), task),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
