import { queryOptions, useQuery } from '@tanstack/react-query';
import { weeklyKey } from '@/features/weekly/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** GET /api/v1/departments/{id}/weekly-summaries: newest week first. */
export const weeklySummariesQuery = (departmentId: string) =>
  queryOptions({
    queryKey: [...weeklyKey, departmentId, 'list'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/departments/{department_id}/weekly-summaries', {
          params: { path: { department_id: departmentId } },
        }),
      ).items,
  });

export function useWeeklySummaries(departmentId: string | undefined) {
  return useQuery({ ...weeklySummariesQuery(departmentId ?? ''), enabled: !!departmentId });
}
