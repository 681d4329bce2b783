import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReuseCaseRequest } from '@/features/cases/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { tasksKey } from '@/lib/api/query-keys';

/**
 * POST /api/v1/cases/{case_id}/reuse (以此为模板新建): a new draft owned by the caller with the
 * case's structure, its dates moved to the new deadline, and the chosen files copied.
 */
export async function reuseCase({ caseId, body }: { caseId: string; body: ReuseCaseRequest }) {
  return unwrap(await api.POST('/api/v1/cases/{case_id}/reuse', { params: { path: { case_id: caseId } }, body }));
}

export function useReuseCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reuseCase,
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
