import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meetingQueryKey } from '@/features/meetings/api/get-meeting';
import { meetingsKey, type MeetingDto } from '@/features/meetings/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/meetings/{meeting_id}/cancel: participants are told, the invitation becomes a cancellation. */
export async function cancelMeeting(id: string) {
  return unwrap(await api.POST('/api/v1/meetings/{meeting_id}/cancel', { params: { path: { meeting_id: id } } }));
}

export function useCancelMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelMeeting,
    onSuccess: (m: MeetingDto) => queryClient.setQueryData(meetingQueryKey(m.id), m),
    onSettled: () => queryClient.invalidateQueries({ queryKey: meetingsKey }),
  });
}
