import { useMutation } from '@tanstack/react-query';
import type { CaseFileDto } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { saveBlob } from '@/lib/save-file';

type FileDto = CaseFileDto['file'];

/**
 * The file's newest version (its `download_url`, GET /api/v1/files/{file_id}/content) through the
 * API client, so the bearer token comes along, saved under the file's own name.
 */
export async function downloadCaseFile(file: FileDto): Promise<void> {
  const result = await api.GET('/api/v1/files/{file_id}/content', { params: { path: { file_id: file.id } }, parseAs: 'blob' });
  saveBlob(unwrap(result), file.name);
}

export function useDownloadCaseFile() {
  return useMutation({ mutationFn: downloadCaseFile });
}
