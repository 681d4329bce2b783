import dayjs, { type Dayjs } from 'dayjs';
import { nowIn } from '@/lib/date';

/** The Monday (YYYY-MM-DD) of the week a calendar day falls in. */
export function mondayOf(day: Dayjs): string {
  return day.subtract((day.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/** The Monday of this week in the user's time zone (Asia/Shanghai by default). */
export function currentMonday(tz?: string | null): string {
  return mondayOf(nowIn(tz));
}

/** The Monday `weeks` weeks after (or before) the given one. */
export function shiftWeek(monday: string, weeks: number): string {
  return dayjs(monday).add(weeks, 'week').format('YYYY-MM-DD');
}

/** The Sunday ending the week. */
export function sundayOf(monday: string): string {
  return dayjs(monday).add(6, 'day').format('YYYY-MM-DD');
}
