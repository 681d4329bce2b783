import { useCollectionsMutation } from '@/features/collections/api/collections-mutation';
import type { SubmissionDto } from '@/features/collections/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { uploadForm, type UploadOptions } from '@/lib/api/upload';

/**
 * POST /api/v1/collection-submissions/{submission_id}/files (multipart, with progress): a file
 * handed in; the same name again is a new version of it.
 */
export function uploadHandInFile({ id, file, ...options }: { id: string; file: File } & UploadOptions) {
  const body = new FormData();
  body.append('file', file, file.name);
  return uploadForm<SubmissionDto>(`/api/v1/collection-submissions/${encodeURIComponent(id)}/files`, body, options);
}

/** DELETE …/files/{file_id}: takes a file off a submission not handed in yet. */
export async function removeHandInFile({ id, fileId }: { id: string; fileId: string }) {
  return unwrap(
    await api.DELETE('/api/v1/collection-submissions/{submission_id}/files/{file_id}', {
      params: { path: { submission_id: id, file_id: fileId } },
    }),
  );
}

/** POST …/submit (提交) with the form's answers: 422 names the answers (`answers.<key>`) or `files`. */
export async function handIn({ id, answers }: { id: string; answers: Record<string, unknown> }) {
  return unwrap(
    await api.POST('/api/v1/collection-submissions/{submission_id}/submit', {
      params: { path: { submission_id: id } },
      // The spec types the answers as a bare `object` (openapi-typescript: `Record<string, never>`).
      body: { answers: answers as Record<string, never> },
    }),
  );
}

export function useUploadHandInFile(taskId: string) {
  return useCollectionsMutation(taskId, uploadHandInFile);
}

export function useRemoveHandInFile(taskId: string) {
  return useCollectionsMutation(taskId, removeHandInFile);
}

export function useHandIn(taskId: string) {
  return useCollectionsMutation(taskId, handIn);
}
