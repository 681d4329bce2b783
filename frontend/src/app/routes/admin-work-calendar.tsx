import { WorkCalendarPage } from '@/features/work-calendar/components/work-calendar-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function AdminWorkCalendarRoute() {
  const { data: me } = useCurrentUser();
  return <WorkCalendarPage timeZone={me?.time_zone} />;
}
