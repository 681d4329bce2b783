import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/request/approve (同意), with an optional comment. */
export async function approveRequest({ taskId, comment }: { taskId: string; comment?: string }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/approve', {
      params: { path: { task_id: taskId } },
      body: comment ? { comment } : {},
    }),
  );
}

export function useApproveRequest(taskId: string) {
  return useRequestMutation(taskId, approveRequest);
}
