import { queryOptions, useQuery } from '@tanstack/react-query';
import { handInsKey } from '@/features/collections/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/me/collection-submissions (待我提交): open hand-ins, soonest deadline first. */
export const myHandInsQuery = () =>
  queryOptions({
    queryKey: handInsKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/me/collection-submissions')).items,
  });

export function useMyHandIns() {
  return useQuery(myHandInsQuery());
}
