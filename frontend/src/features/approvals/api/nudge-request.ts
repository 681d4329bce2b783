import { useRequestMutation } from '@/features/approvals/api/request-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/request/nudge (催办): once an hour; 429 with Retry-After before. */
export async function nudgeRequest({ taskId }: { taskId: string }) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/request/nudge', { params: { path: { task_id: taskId } }, body: {} }),
  );
}

export function useNudgeRequest(taskId: string) {
  return useRequestMutation(taskId, nudgeRequest);
}
