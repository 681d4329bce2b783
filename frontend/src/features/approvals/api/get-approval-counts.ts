import { queryOptions, useQuery } from '@tanstack/react-query';
import { approvalsKey } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/approvals/counts: how many lines each box holds (the tabs' counts). */
export const approvalCountsQuery = () =>
  queryOptions({
    queryKey: [...approvalsKey, 'counts'],
    queryFn: async () => unwrap(await api.GET('/api/v1/approvals/counts')),
  });

export function useApprovalCounts() {
  return useQuery(approvalCountsQuery());
}
