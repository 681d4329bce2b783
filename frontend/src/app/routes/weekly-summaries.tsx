import { WeeklySummariesPage } from '@/features/weekly/components/weekly-summaries-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function WeeklySummariesRoute() {
  const { data: me } = useCurrentUser();
  return <WeeklySummariesPage timeZone={me?.time_zone} />;
}
