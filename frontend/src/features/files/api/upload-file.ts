import { useFilesMutation, type FileAccessRequest, type FileDto } from '@/features/files/api/list-files';
import { uploadForm } from '@/lib/api/upload';

interface Common {
  file: File;
  /** What this version changed. */
  note?: string;
  /** 0–100 while the content goes out. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

export interface NewFileUpload extends Common {
  taskId: string;
  name: string;
  description?: string;
  access: FileAccessRequest;
}

/** The text fields first (the server checks them before reading the content), then the file. */
function form(fields: Record<string, string | undefined>, file: File): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value) body.append(key, value);
  body.append('file', file, file.name);
  return body;
}

/**
 * POST /api/v1/tasks/{task_id}/files (multipart, with progress): version 1 of a new file. A live
 * file of the same name answers 409 with `errors.name = ["exists"]` and its id in `allowed`.
 */
export function uploadFile({ taskId, file, name, description, note, access, onProgress, signal }: NewFileUpload) {
  return uploadForm<FileDto>(
    `/api/v1/tasks/${encodeURIComponent(taskId)}/files`,
    form({ name, description, note, access: JSON.stringify(access) }, file),
    { onProgress, signal },
  );
}

/** POST /api/v1/files/{file_id}/versions (multipart, with progress): the file's next version. */
export function uploadVersion({ fileId, file, note, onProgress, signal }: Common & { fileId: string }) {
  return uploadForm<FileDto>(`/api/v1/files/${encodeURIComponent(fileId)}/versions`, form({ note }, file), {
    onProgress,
    signal,
  });
}

export function useUploadFile(taskId: string) {
  return useFilesMutation(taskId, (upload: Omit<NewFileUpload, 'taskId'>) => uploadFile({ ...upload, taskId }));
}

export function useUploadVersion(taskId: string) {
  return useFilesMutation(taskId, uploadVersion);
}
