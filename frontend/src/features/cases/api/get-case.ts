import { queryOptions, useQuery } from '@tanstack/react-query';
import { caseKey } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/cases/{case_id}: the case with its summary, timeline, files, pinned comments and decisions. */
export const caseQuery = (caseId: string) =>
  queryOptions({
    queryKey: caseKey(caseId),
    queryFn: async () => unwrap(await api.GET('/api/v1/cases/{case_id}', { params: { path: { case_id: caseId } } })),
  });

export function useCase(caseId: string, enabled = true) {
  return useQuery({ ...caseQuery(caseId), enabled });
}
