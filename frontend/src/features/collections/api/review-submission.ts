import { useCollectionsMutation } from '@/features/collections/api/collections-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST …/accept (确认) or …/return (退回, with what to change) of a handed-in submission. */
export async function reviewSubmission({ id, returnComment }: { id: string; returnComment?: string }) {
  const params = { path: { submission_id: id } };
  return unwrap(
    returnComment === undefined
      ? await api.POST('/api/v1/collection-submissions/{submission_id}/accept', { params, body: {} })
      : await api.POST('/api/v1/collection-submissions/{submission_id}/return', { params, body: { comment: returnComment } }),
  );
}

export function useReviewSubmission(taskId: string) {
  return useCollectionsMutation(taskId, reviewSubmission);
}
