import { useMutation, useQueryClient } from '@tanstack/react-query';
import { workCalendarKey } from '@/features/work-calendar/api/get-work-calendar';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CalendarDayRequest = components['schemas']['CalendarDayRequest'];

/** PUT /api/v1/work-calendar/{day}: a holiday (`working: false`) or a make-up working day. */
export async function setCalendarDay({ day, body }: { day: string; body: CalendarDayRequest }) {
  return unwrap(await api.PUT('/api/v1/work-calendar/{day}', { params: { path: { day } }, body }));
}

export function useSetCalendarDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setCalendarDay,
    onSettled: () => queryClient.invalidateQueries({ queryKey: workCalendarKey }),
  });
}
