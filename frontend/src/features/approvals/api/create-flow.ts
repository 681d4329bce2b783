import { useMutation, useQueryClient } from '@tanstack/react-query';
import { flowsKey, type FlowBody } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/approval-flows (administrators). */
export async function createFlow(body: FlowBody) {
  return unwrap(await api.POST('/api/v1/approval-flows', { body }));
}

export function useCreateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFlow,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey }),
  });
}
