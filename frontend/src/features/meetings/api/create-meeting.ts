import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meetingsKey, type CreateMeetingRequest } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/meetings (发起会议). */
export async function createMeeting({ taskId, body }: { taskId: string; body: CreateMeetingRequest }) {
  return unwrap(await api.POST('/api/v1/tasks/{task_id}/meetings', { params: { path: { task_id: taskId } }, body }));
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createMeeting,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingsKey }),
  });
}
