import { queryOptions, useQuery } from '@tanstack/react-query';
import { collectionsKey } from '@/features/collections/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** The task's files (the first 100, by name) to pick a collection's template from. */
export const templateChoicesQuery = (taskId: string) =>
  queryOptions({
    queryKey: [...collectionsKey(taskId), 'template-choices'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/tasks/{task_id}/files', { params: { path: { task_id: taskId }, query: { limit: 100 } } }),
      ).items.map((f) => ({ value: f.id, label: f.name })),
  });

export function useTemplateChoices(taskId: string, enabled: boolean) {
  return useQuery({ ...templateChoicesQuery(taskId), enabled });
}
