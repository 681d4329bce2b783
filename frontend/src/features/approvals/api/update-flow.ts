import { useMutation, useQueryClient } from '@tanstack/react-query';
import { flowQueryKey } from '@/features/approvals/api/get-flow';
import { flowsKey, type FlowBody, type FlowDto } from '@/features/approvals/api/types';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** PUT /api/v1/approval-flows/{flow_id} with If-Match: 412 when someone changed it first. */
export async function updateFlow({ id, version, body }: { id: string; version: number; body: FlowBody }) {
  return unwrap(
    await api.PUT('/api/v1/approval-flows/{flow_id}', {
      params: { path: { flow_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateFlow,
    onSuccess: (f: FlowDto) => queryClient.setQueryData(flowQueryKey(f.id), f),
    // On 412 too: show what the server has now.
    onSettled: () => queryClient.invalidateQueries({ queryKey: flowsKey }),
  });
}
