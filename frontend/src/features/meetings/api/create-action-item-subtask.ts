import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meetingQueryKey } from '@/features/meetings/api/get-meeting';
import { meetingsKey } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { tasksKey } from '@/lib/api/query-keys';

/** POST …/action-items/{item_id}/subtask: 转为子任务. 409 when the item already is one. */
export async function createActionItemSubtask({ meetingId, itemId }: { meetingId: string; itemId: string }) {
  return unwrap(
    await api.POST('/api/v1/meetings/{meeting_id}/action-items/{item_id}/subtask', {
      params: { path: { meeting_id: meetingId, item_id: itemId } },
    }),
  );
}

export function useCreateActionItemSubtask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createActionItemSubtask,
    onSuccess: (res) => queryClient.setQueryData(meetingQueryKey(res.meeting.id), res.meeting),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: meetingsKey }),
        // The task gained a subtask.
        queryClient.invalidateQueries({ queryKey: tasksKey }),
      ]),
  });
}
