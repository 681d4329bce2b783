import { useMutation, useQueryClient } from '@tanstack/react-query';
import { weeklyKey, type WeeklySummaryRequest } from '@/features/weekly/api/types';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * PUT /api/v1/departments/{id}/weekly-summaries/{week}: the first post goes without If-Match,
 * changes send the version shown (412 when someone saved first).
 */
export async function saveWeeklySummary({
  departmentId,
  week,
  version,
  body,
}: {
  departmentId: string;
  week: string;
  version: number | null;
  body: WeeklySummaryRequest;
}) {
  return unwrap(
    await api.PUT('/api/v1/departments/{department_id}/weekly-summaries/{week}', {
      params: {
        path: { department_id: departmentId, week },
        header: version === null ? {} : { 'If-Match': ifMatch(version) },
      },
      body,
    }),
  );
}

export function useSaveWeeklySummary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveWeeklySummary,
    // On 412 too: show what the server has now.
    onSettled: (_data, _err, v) => queryClient.invalidateQueries({ queryKey: [...weeklyKey, v.departmentId] }),
  });
}
