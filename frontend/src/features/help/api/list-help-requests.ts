import { queryOptions, useQuery } from '@tanstack/react-query';
import { helpRequestsKey } from '@/features/help/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export type HelpBox = 'sent' | 'received';

/** GET /api/v1/help-requests?box=: newest first (the latest 200). */
export const helpRequestsQuery = (box: HelpBox) =>
  queryOptions({
    queryKey: [...helpRequestsKey, box],
    queryFn: async () => unwrap(await api.GET('/api/v1/help-requests', { params: { query: { box } } })).items,
  });

export function useHelpRequests(box: HelpBox) {
  return useQuery(helpRequestsQuery(box));
}
