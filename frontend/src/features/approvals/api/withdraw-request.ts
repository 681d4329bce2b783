import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/request/withdraw (撤回): by the initiator until the first decision. */
export async function withdrawRequest({ taskId, comment }: { taskId: string; comment?: string }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/withdraw', {
      params: { path: { task_id: taskId } },
      body: comment ? { comment } : {},
    }),
  );
}

export function useWithdrawRequest(taskId: string) {
  return useRequestMutation(taskId, withdrawRequest);
}
