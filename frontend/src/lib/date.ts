import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

function zoneOrDefault(tz: string | null | undefined): string {
  if (!tz) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/**
 * A picked calendar day as the API wants a deadline: the end of that day (23:59:59) in the
 * user's time zone, as RFC 3339 UTC.
 */
export function endOfDayUtc(day: Dayjs, tz?: string | null): string {
  return dayjs.tz(`${day.format('YYYY-MM-DD')} 23:59:59`, zoneOrDefault(tz)).utc().format('YYYY-MM-DDTHH:mm:ss[Z]');
}

/** The start (00:00) of a picked day in the user's time zone, as RFC 3339 UTC. */
export function startOfDayUtc(day: Dayjs, tz?: string | null): string {
  return dayjs.tz(`${day.format('YYYY-MM-DD')} 00:00:00`, zoneOrDefault(tz)).utc().format('YYYY-MM-DDTHH:mm:ss[Z]');
}

/** The calendar day an API timestamp falls on in the user's time zone, for date pickers. */
export function dayOf(iso: string, tz?: string | null): Dayjs {
  return dayjs(dayjs.utc(iso).tz(zoneOrDefault(tz)).format('YYYY-MM-DD'));
}

/** A picked date and time, read as wall-clock time in the user's time zone, as RFC 3339 UTC. */
export function zonedDateTimeUtc(value: Dayjs, tz?: string | null): string {
  return dayjs.tz(value.format('YYYY-MM-DD HH:mm'), zoneOrDefault(tz)).utc().format('YYYY-MM-DDTHH:mm:ss[Z]');
}

/** An API timestamp as the wall-clock time it shows in the user's time zone, for date-time pickers. */
export function dateTimeOf(iso: string, tz?: string | null): Dayjs {
  return dayjs(dayjs.utc(iso).tz(zoneOrDefault(tz)).format('YYYY-MM-DD HH:mm'));
}

/** Now, as the wall-clock time in the user's time zone (for picker defaults). */
export function nowIn(tz?: string | null): Dayjs {
  return dayjs(dayjs().tz(zoneOrDefault(tz)).format('YYYY-MM-DD HH:mm'));
}
