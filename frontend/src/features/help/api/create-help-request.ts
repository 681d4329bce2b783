import { useMutation, useQueryClient } from '@tanstack/react-query';
import { helpRequestsKey, type CreateHelpRequest } from '@/features/help/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/help-requests: ask a department's head; `department_id: no_recipients` when it has none. */
export async function createHelpRequest(body: CreateHelpRequest) {
  return unwrap(await api.POST('/api/v1/help-requests', { body }));
}

export function useCreateHelpRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createHelpRequest,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: helpRequestsKey }),
  });
}
