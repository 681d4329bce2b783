import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { saveDownload } from '@/lib/save-download';

/**
 * GET /api/v1/meetings/{meeting_id}/invite.ics (the meeting's `invite_url`) through the API
 * client, so the bearer token (and its refresh) come with it, then saves the file under the
 * server's name (`会议邀请_<title>_<day>.ics`), else `fileName`.
 */
export async function downloadInvite({ id, fileName }: { id: string; fileName: string }): Promise<void> {
  const result = await api.GET('/api/v1/meetings/{meeting_id}/invite.ics', {
    params: { path: { meeting_id: id } },
    parseAs: 'blob',
  });
  saveDownload(result, fileName);
}

export function useDownloadInvite() {
  return useMutation({ mutationFn: downloadInvite });
}
