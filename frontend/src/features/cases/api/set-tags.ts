import { useMutation, useQueryClient } from '@tanstack/react-query';
import { caseKey, caseTagsRoot } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskListKey } from '@/lib/api/query-keys';

/** PUT /api/v1/tasks/{task_id}/tags: a done task's or case's tags, all of them (duplicates dropped). */
export async function setTags({ taskId, tags }: { taskId: string; tags: string[] }) {
  return unwrap(await api.PUT('/api/v1/tasks/{task_id}/tags', { params: { path: { task_id: taskId } }, body: { tags } }))
    .tags;
}

export function useSetTags(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tags: string[]) => setTags({ taskId, tags }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKey(taskId) }),
        queryClient.invalidateQueries({ queryKey: taskListKey('cases') }),
        queryClient.invalidateQueries({ queryKey: caseTagsRoot }),
      ]),
  });
}
