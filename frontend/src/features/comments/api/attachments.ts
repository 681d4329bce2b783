import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * POST /api/v1/tasks/{task_id}/attachments?file_name=…: the body is the file itself, with its own
 * Content-Type. Name the returned id in the comment's `attachment_ids`.
 */
export async function uploadAttachment({ taskId, file }: { taskId: string; file: File }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/attachments', {
      params: { path: { task_id: taskId }, query: { file_name: file.name } },
      // The schema types the body as a binary string; send the File as it is rather than JSON.
      body: file as unknown as string,
      bodySerializer: () => file,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    }),
  );
}

export function useUploadAttachment(taskId: string) {
  return useMutation({ mutationFn: (file: File) => uploadAttachment({ taskId, file }) });
}

/**
 * GET /api/v1/attachments/{attachment_id} through the API client (bearer token, refreshed on
 * 401), as a Blob: a plain link cannot carry the token.
 */
export async function downloadAttachment(id: string): Promise<Blob> {
  return unwrap(
    await api.GET('/api/v1/attachments/{attachment_id}', {
      params: { path: { attachment_id: id } },
      parseAs: 'blob',
    }),
  );
}
