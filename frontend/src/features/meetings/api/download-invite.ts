import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { saveBlob } from '@/lib/save-file';

/**
 * GET /api/v1/meetings/{meeting_id}/invite.ics (the meeting's `invite_url`) through the API
 * client, so the bearer token (and its refresh) come with it, then saves the file.
 */
export async function downloadInvite({ id, fileName }: { id: string; fileName: string }): Promise<void> {
  const blob = unwrap(
    await api.GET('/api/v1/meetings/{meeting_id}/invite.ics', {
      params: { path: { meeting_id: id } },
      parseAs: 'blob',
    }),
  );
  saveBlob(new Blob([blob], { type: 'text/calendar' }), fileName);
}

export function useDownloadInvite() {
  return useMutation({ mutationFn: downloadInvite });
}
