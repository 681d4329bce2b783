import { useMutation, useQueryClient } from '@tanstack/react-query';
import { helpRequestsKey } from '@/features/help/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/help-requests/{id}/answer: 409 when it was answered already. */
export async function answerHelpRequest({ id, answer }: { id: string; answer: string }) {
  return unwrap(
    await api.POST('/api/v1/help-requests/{help_request_id}/answer', {
      params: { path: { help_request_id: id } },
      body: { answer },
    }),
  );
}

export function useAnswerHelpRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: answerHelpRequest,
    // On 409 too: someone else may have answered first.
    onSettled: () => queryClient.invalidateQueries({ queryKey: helpRequestsKey }),
  });
}
