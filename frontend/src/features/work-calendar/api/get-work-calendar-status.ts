import { queryOptions, useQuery } from '@tanstack/react-query';
import { workCalendarKey } from '@/features/work-calendar/api/get-work-calendar';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CalendarStatusDto = components['schemas']['CalendarStatusDto'];
export type CalendarWarningDto = components['schemas']['CalendarWarningDto'];

/** GET /api/v1/work-calendar/years: the years with an official schedule, and the warnings now. */
export const workCalendarStatusQuery = () =>
  queryOptions({
    queryKey: [...workCalendarKey, 'status'],
    queryFn: async () => unwrap(await api.GET('/api/v1/work-calendar/years')),
    // The warnings change with the date and with imports (which refresh this key).
    staleTime: 10 * 60_000,
  });

export function useWorkCalendarStatus(enabled = true) {
  return useQuery({ ...workCalendarStatusQuery(), enabled });
}
