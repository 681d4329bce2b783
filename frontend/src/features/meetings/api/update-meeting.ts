import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meetingQueryKey } from '@/features/meetings/api/get-meeting';
import { meetingsKey, type MeetingDto, type UpdateMeetingRequest } from '@/features/meetings/api/types';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** PATCH /api/v1/meetings/{meeting_id} with If-Match: 412 when someone changed it first. */
export async function updateMeeting({ id, version, body }: { id: string; version: number; body: UpdateMeetingRequest }) {
  return unwrap(
    await api.PATCH('/api/v1/meetings/{meeting_id}', {
      params: { path: { meeting_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMeeting,
    onSuccess: (m: MeetingDto) => queryClient.setQueryData(meetingQueryKey(m.id), m),
    // On 412 too: the page must show what the server has now.
    onSettled: () => queryClient.invalidateQueries({ queryKey: meetingsKey }),
  });
}
