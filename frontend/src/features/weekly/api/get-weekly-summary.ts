import { queryOptions, useQuery } from '@tanstack/react-query';
import { weeklyKey } from '@/features/weekly/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const weeklySummaryQueryKey = (departmentId: string, week: string) =>
  [...weeklyKey, departmentId, 'week', week] as const;

/** GET /api/v1/departments/{id}/weekly-summaries/{week}: the posted summary (or null) and the draft. */
export const weeklySummaryQuery = (departmentId: string, week: string) =>
  queryOptions({
    queryKey: weeklySummaryQueryKey(departmentId, week),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/departments/{department_id}/weekly-summaries/{week}', {
          params: { path: { department_id: departmentId, week } },
        }),
      ),
  });

export function useWeeklySummary(departmentId: string | undefined, week: string) {
  return useQuery({ ...weeklySummaryQuery(departmentId ?? '', week), enabled: !!departmentId });
}
