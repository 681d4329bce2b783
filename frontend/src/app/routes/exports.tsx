import { ExportsPage } from '@/features/exports/components/exports-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function ExportsRoute() {
  const { data: me } = useCurrentUser();
  return <ExportsPage timeZone={me?.time_zone} />;
}
