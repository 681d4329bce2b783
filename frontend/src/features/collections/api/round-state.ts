import { useCollectionsMutation } from '@/features/collections/api/collections-mutation';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST …/close (no more hand-ins or reminders) or …/reopen of a round. */
export async function setRoundOpen({ roundId, open }: { roundId: string; open: boolean }) {
  const params = { path: { round_id: roundId } };
  return unwrap(
    open
      ? await api.POST('/api/v1/collection-rounds/{round_id}/reopen', { params, body: {} })
      : await api.POST('/api/v1/collection-rounds/{round_id}/close', { params, body: {} }),
  );
}

export function useSetRoundOpen(taskId: string) {
  return useCollectionsMutation(taskId, setRoundOpen);
}
