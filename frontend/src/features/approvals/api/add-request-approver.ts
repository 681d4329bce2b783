import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import type { AddPosition } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/request/add-approver (加签): someone decides before or after me. */
export async function addRequestApprover({
  taskId,
  userId,
  position,
  comment,
}: {
  taskId: string;
  userId: string;
  position: AddPosition;
  comment?: string;
}) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/add-approver', {
      params: { path: { task_id: taskId } },
      body: { user_id: userId, position, ...(comment ? { comment } : {}) },
    }),
  );
}

export function useAddRequestApprover(taskId: string) {
  return useRequestMutation(taskId, addRequestApprover);
}
