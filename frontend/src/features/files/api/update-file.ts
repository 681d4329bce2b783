import { useFilesMutation } from '@/features/files/api/list-files';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type UpdateFileRequest = components['schemas']['UpdateFileRequest'];

/** PATCH /api/v1/files/{file_id} with If-Match: rename, describe or set who may see it. */
export async function updateFile({ id, version, body }: { id: string; version: number; body: UpdateFileRequest }) {
  return unwrap(
    await api.PATCH('/api/v1/files/{file_id}', {
      params: { path: { file_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateFile(taskId: string) {
  return useFilesMutation(taskId, updateFile);
}
