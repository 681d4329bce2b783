import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import type { RequestForm } from '@/features/approvals/api/types';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * PUT /api/v1/tasks/{task_id}/request: the first save creates the request (`version` null, no
 * If-Match); later ones send If-Match and get 412 when someone saved in between.
 */
export async function saveRequest({ taskId, version, form }: { taskId: string; version: number | null; form: RequestForm }) {
  return unwrap(
    await api.PUT('/api/v1/tasks/{task_id}/request', {
      params: { path: { task_id: taskId }, header: version === null ? {} : { 'If-Match': ifMatch(version) } },
      body: form,
    }),
  );
}

export function useSaveRequest(taskId: string) {
  return useRequestMutation(taskId, saveRequest);
}
