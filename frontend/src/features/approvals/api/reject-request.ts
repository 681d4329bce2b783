import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/request/reject (拒绝, final): the reason is required. */
export async function rejectRequest({ taskId, comment }: { taskId: string; comment: string }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/reject', { params: { path: { task_id: taskId } }, body: { comment } }),
  );
}

export function useRejectRequest(taskId: string) {
  return useRequestMutation(taskId, rejectRequest);
}
