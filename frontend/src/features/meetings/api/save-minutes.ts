import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meetingQueryKey } from '@/features/meetings/api/get-meeting';
import { meetingsKey, type MeetingDto, type MinutesRequest } from '@/features/meetings/api/types';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** PUT /api/v1/meetings/{meeting_id}/minutes with If-Match: replaces discussion, decisions and action items. */
export async function saveMinutes({ id, version, body }: { id: string; version: number; body: MinutesRequest }) {
  return unwrap(
    await api.PUT('/api/v1/meetings/{meeting_id}/minutes', {
      params: { path: { meeting_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useSaveMinutes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveMinutes,
    onSuccess: (m: MeetingDto) => queryClient.setQueryData(meetingQueryKey(m.id), m),
    onSettled: () => queryClient.invalidateQueries({ queryKey: meetingsKey }),
  });
}
