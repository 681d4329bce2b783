import { CalendarPage } from '@/features/meetings/components/calendar-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function CalendarRoute() {
  const { data: me } = useCurrentUser();
  return <CalendarPage timeZone={me?.time_zone} />;
}
