import { ReportsPage } from '@/features/reports/components/reports-page';
import { useCurrentUser } from '@/lib/auth/current-user';

/** Department heads and administrators; the server answers everyone else 403, which the page explains. */
export function ReportsRoute() {
  const { data: me } = useCurrentUser();
  return <ReportsPage timeZone={me?.time_zone} />;
}
