import { useFilesMutation } from '@/features/files/api/list-files';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/files/{file_id}: into the task's trash, every version kept. */
export async function deleteFile(id: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/files/{file_id}', { params: { path: { file_id: id } } }));
}

/** POST /api/v1/files/{file_id}/undelete: back from the trash. */
export async function undeleteFile(id: string) {
  return unwrap(await api.POST('/api/v1/files/{file_id}/undelete', { params: { path: { file_id: id } } }));
}

export function useDeleteFile(taskId: string) {
  return useFilesMutation(taskId, deleteFile);
}

export function useUndeleteFile(taskId: string) {
  return useFilesMutation(taskId, undeleteFile);
}
