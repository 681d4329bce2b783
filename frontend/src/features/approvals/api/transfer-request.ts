import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/request/transfer (转交): someone else decides instead of me. */
export async function transferRequest({ taskId, toUserId, comment }: { taskId: string; toUserId: string; comment?: string }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/transfer', {
      params: { path: { task_id: taskId } },
      body: { to_user_id: toUserId, ...(comment ? { comment } : {}) },
    }),
  );
}

export function useTransferRequest(taskId: string) {
  return useRequestMutation(taskId, transferRequest);
}
