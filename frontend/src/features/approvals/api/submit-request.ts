import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * POST /api/v1/tasks/{task_id}/request/submit with If-Match (the version the initiator saw):
 * 422 `flow: no_flow | no_approver` when no flow applies or a step resolves to nobody.
 */
export async function submitRequest({ taskId, version }: { taskId: string; version: number }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/submit', {
      params: { path: { task_id: taskId }, header: { 'If-Match': ifMatch(version) } },
      body: {},
    }),
  );
}

export function useSubmitRequest(taskId: string) {
  return useRequestMutation(taskId, submitRequest);
}
