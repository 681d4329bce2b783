import { useMutation, useQueryClient } from '@tanstack/react-query';
import { collectionsKey, handInsKey } from '@/features/collections/api/types';
import { taskPartKey } from '@/lib/api/query-keys';

/**
 * A change to a task's collections (set up, edit, a hand-in, a review, a round closed…). When it
 * settles, after a failure too (412, 409: show what the server has now), the collections, the
 * task's files (hand-ins land there) and history, and 待我提交 are refreshed.
 */
export function useCollectionsMutation<TVariables, TData>(taskId: string, mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: collectionsKey(taskId) }),
        queryClient.invalidateQueries({ queryKey: taskPartKey('files', taskId) }),
        queryClient.invalidateQueries({ queryKey: taskPartKey('history', taskId) }),
        queryClient.invalidateQueries({ queryKey: handInsKey }),
      ]),
  });
}
