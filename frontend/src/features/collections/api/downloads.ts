import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { saveDownload as save } from '@/lib/save-download';

/**
 * What a collection lets people download, each through the API client (a plain link cannot carry
 * the bearer token, nor refresh it): a round's zip (`archive_url`, 下载全部文件) and answers
 * workbook (`answers_url`, 导出填报数据) under the server's names, a handed-in file or the
 * template under their own.
 */
export type Download =
  | { kind: 'archive'; roundId: string }
  | { kind: 'answers'; roundId: string }
  | { kind: 'file'; fileId: string; name: string };

export async function download(d: Download): Promise<void> {
  switch (d.kind) {
    case 'archive':
      return save(
        await api.GET('/api/v1/collection-rounds/{round_id}/archive', {
          params: { path: { round_id: d.roundId } },
          parseAs: 'blob',
        }),
        'collection.zip',
      );
    case 'answers':
      return save(
        await api.GET('/api/v1/collection-rounds/{round_id}/answers', {
          params: { path: { round_id: d.roundId } },
          parseAs: 'blob',
        }),
        'collection.xlsx',
      );
    case 'file':
      return save(
        await api.GET('/api/v1/files/{file_id}/content', { params: { path: { file_id: d.fileId } }, parseAs: 'blob' }),
        d.name,
      );
  }
}

export function useDownload() {
  return useMutation({ mutationFn: download });
}
