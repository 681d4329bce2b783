import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { cursorListQuery } from '@/lib/api/pages';
import type { components } from '@/lib/api/schema';
import { taskListKey, taskPartKey } from '@/lib/api/query-keys';

export type FileDto = components['schemas']['FileDto'];
export type FileVersionDto = components['schemas']['FileVersionDto'];
export type FileChangeDto = components['schemas']['FileChangeDto'];
export type FileAccessLevel = components['schemas']['FileAccessLevel'];
export type FileAccessRequest = components['schemas']['FileAccessRequest'];

/**
 * Everything about a task's files lives under the task's key, so a live event of the task (a file
 * uploaded, restored, renamed, deleted elsewhere) refreshes the list, versions and change logs.
 */
export const filesKey = (taskId: string) => taskPartKey('files', taskId);

/**
 * GET /api/v1/tasks/{task_id}/files: the files the caller may read (`trash`: those it may bring
 * back), by name, 100 a page.
 */
export const filesQuery = (taskId: string, trash = false) =>
  cursorListQuery([...filesKey(taskId), 'list', trash ? 'trash' : 'live'], async (cursor) =>
    unwrap(
      await api.GET('/api/v1/tasks/{task_id}/files', {
        params: { path: { task_id: taskId }, query: { ...(trash ? { deleted: true } : {}), limit: 100, cursor } },
      }),
    ),
  );

export function useTaskFiles(taskId: string, trash = false) {
  return useInfiniteQuery(filesQuery(taskId, trash));
}

/**
 * A change to a task's files that refreshes everything about them, and the Files page, when it
 * settles (after a failure too, e.g. 412 or 409: show what the server has now).
 */
export function useFilesMutation<TVariables, TData>(taskId: string, mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: filesKey(taskId) }),
        queryClient.invalidateQueries({ queryKey: taskListKey('file_list') }),
      ]),
  });
}
