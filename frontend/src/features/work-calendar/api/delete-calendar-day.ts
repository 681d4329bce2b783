import { useMutation, useQueryClient } from '@tanstack/react-query';
import { workCalendarKey } from '@/features/work-calendar/api/get-work-calendar';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/work-calendar/{day}: the day follows the Monday–Friday rule again. */
export async function deleteCalendarDay(day: string) {
  unwrap(await api.DELETE('/api/v1/work-calendar/{day}', { params: { path: { day } } }));
}

export function useDeleteCalendarDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCalendarDay,
    onSettled: () => queryClient.invalidateQueries({ queryKey: workCalendarKey }),
  });
}
