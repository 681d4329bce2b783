import { useMutation, useQueryClient } from '@tanstack/react-query';
import { approvalsKey, requestKey, type RequestDto } from '@/features/approvals/api/types';
import { tasksKey } from '@/lib/api/query-keys';

/**
 * A change to a task's request (save, submit, a decision…): every endpoint answers the updated
 * request, which is shown at once. When it settles (after a failure too, e.g. 412 or 409: show
 * what the server has now) the task's page (status, history, people) and the boxes are refreshed.
 */
export function useRequestMutation<TVariables>(taskId: string, mutationFn: (variables: TVariables) => Promise<RequestDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (r) => queryClient.setQueryData(requestKey(taskId), r),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tasksKey }),
        queryClient.invalidateQueries({ queryKey: approvalsKey }),
      ]),
  });
}
