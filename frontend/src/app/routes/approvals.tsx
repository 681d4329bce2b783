import { ApprovalsPage } from '@/features/approvals/components/approvals-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function ApprovalsRoute() {
  const { data: me } = useCurrentUser();
  return <ApprovalsPage timeZone={me?.time_zone} />;
}
