import { useMutation, useQueryClient } from '@tanstack/react-query';
import { workCalendarKey } from '@/features/work-calendar/api/get-work-calendar';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CalendarImportRequest = components['schemas']['CalendarImportRequest'];
export type CalendarImportDto = components['schemas']['CalendarImportDto'];

/**
 * POST /api/v1/work-calendar/imports: a year's holiday schedule in the text format, checked
 * only (`dry_run`) or imported (all or nothing).
 */
export async function importWorkCalendar(body: CalendarImportRequest) {
  return unwrap(await api.POST('/api/v1/work-calendar/imports', { body }));
}

export function useImportWorkCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importWorkCalendar,
    onSuccess: (done) => {
      if (!done.dry_run) void queryClient.invalidateQueries({ queryKey: workCalendarKey });
    },
  });
}
