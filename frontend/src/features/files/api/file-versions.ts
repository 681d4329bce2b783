import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { filesKey, useFilesMutation, type FileDto } from '@/features/files/api/list-files';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/files/{file_id}/versions: every version, newest first. */
export const versionsQuery = (file: Pick<FileDto, 'id' | 'task_id'>) =>
  queryOptions({
    queryKey: [...filesKey(file.task_id), 'versions', file.id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/files/{file_id}/versions', { params: { path: { file_id: file.id } } })).items,
  });

/** GET /api/v1/files/{file_id}/changes: the change log as sentences, newest first, a page at a time. */
export const changesQuery = (file: Pick<FileDto, 'id' | 'task_id'>) =>
  infiniteQueryOptions({
    queryKey: [...filesKey(file.task_id), 'changes', file.id],
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/files/{file_id}/changes', {
          params: { path: { file_id: file.id }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** POST /api/v1/files/{file_id}/versions/{number}/restore (一键回退): a new version with that content. */
export async function restoreVersion({ fileId, number, note }: { fileId: string; number: number; note?: string }) {
  return unwrap(
    await api.POST('/api/v1/files/{file_id}/versions/{number}/restore', {
      params: { path: { file_id: fileId, number } },
      body: note ? { note } : {},
    }),
  );
}

export function useFileVersions(file: FileDto) {
  return useQuery(versionsQuery(file));
}

export function useFileChanges(file: FileDto) {
  return useInfiniteQuery(changesQuery(file));
}

export function useRestoreVersion(taskId: string) {
  return useFilesMutation(taskId, restoreVersion);
}
