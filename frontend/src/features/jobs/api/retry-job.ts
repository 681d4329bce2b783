import { useMutation, useQueryClient } from '@tanstack/react-query';
import { jobsQueryKey } from '@/features/jobs/api/list-jobs';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/jobs/{job_id}/retry: queues a dead job again (409 `invalid_transition` otherwise). */
export async function retryJob(id: string) {
  return unwrap(await api.POST('/api/v1/jobs/{job_id}/retry', { params: { path: { job_id: id } } }));
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryJob,
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobsQueryKey }),
  });
}
