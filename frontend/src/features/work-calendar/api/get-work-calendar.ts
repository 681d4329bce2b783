import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type WorkCalendarDto = components['schemas']['WorkCalendarDto'];
export type CalendarDayDto = components['schemas']['CalendarDayDto'];

export const workCalendarKey = ['work-calendar'] as const;

/** GET /api/v1/work-calendar?year=: working hours, time zone and the days that differ. */
export const workCalendarQuery = (year: number) =>
  queryOptions({
    queryKey: [...workCalendarKey, year],
    queryFn: async () => unwrap(await api.GET('/api/v1/work-calendar', { params: { query: { year } } })),
  });

export function useWorkCalendar(year: number) {
  return useQuery(workCalendarQuery(year));
}
