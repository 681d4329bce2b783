import { HelpRequestsPage } from '@/features/help/components/help-requests-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function HelpRequestsRoute() {
  const { data: me } = useCurrentUser();
  return <HelpRequestsPage timeZone={me?.time_zone} />;
}
