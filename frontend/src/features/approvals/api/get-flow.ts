import { queryOptions, useQuery } from '@tanstack/react-query';
import { flowsKey } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const flowQueryKey = (id: string) => [...flowsKey, 'detail', id] as const;

/** GET /api/v1/approval-flows/{flow_id}: `version` is the ETag for changes. */
export const flowQuery = (id: string) =>
  queryOptions({
    queryKey: flowQueryKey(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/approval-flows/{flow_id}', { params: { path: { flow_id: id } } })),
  });

export function useFlow(id: string | null) {
  return useQuery({ ...flowQuery(id ?? ''), enabled: id !== null });
}
