import { queryOptions, useQuery } from '@tanstack/react-query';
import { flowsKey } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/approval-flows (administrators): active flows first, in the order they are tried. */
export const flowsQuery = () =>
  queryOptions({
    queryKey: [...flowsKey, 'list'],
    queryFn: async () => unwrap(await api.GET('/api/v1/approval-flows')).items,
  });

export function useFlows() {
  return useQuery(flowsQuery());
}
