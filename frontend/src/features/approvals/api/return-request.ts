import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * POST /api/v1/tasks/{task_id}/request/return (退回) with a reason: to an earlier step (0-based
 * `toStep`), or to the initiator when it is null.
 */
export async function returnRequest({ taskId, comment, toStep }: { taskId: string; comment: string; toStep: number | null }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/return', {
      params: { path: { task_id: taskId } },
      body: toStep === null ? { comment } : { comment, to_step: toStep },
    }),
  );
}

export function useReturnRequest(taskId: string) {
  return useRequestMutation(taskId, returnRequest);
}
