import { useMutation } from '@tanstack/react-query';
import type { FileDto } from '@/features/files/api/list-files';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { saveBlob } from '@/lib/save-file';

/**
 * GET /api/v1/files/{file_id}/content (or one version's content) through the API client, so the
 * bearer token and its refresh come along, then saves it under the file's own name.
 */
export async function downloadFile({ file, number }: { file: FileDto; number?: number }): Promise<void> {
  const result =
    number === undefined
      ? await api.GET('/api/v1/files/{file_id}/content', { params: { path: { file_id: file.id } }, parseAs: 'blob' })
      : await api.GET('/api/v1/files/{file_id}/versions/{number}/content', {
          params: { path: { file_id: file.id, number } },
          parseAs: 'blob',
        });
  saveBlob(unwrap(result), file.name);
}

export function useDownloadFile() {
  return useMutation({ mutationFn: downloadFile });
}
