import { WelcomeCard } from '@/features/dashboard/components/welcome-card';
import { useCurrentUser } from '@/lib/auth/current-user';

export function DashboardRoute() {
  const { data: me } = useCurrentUser();
  return me ? <WelcomeCard user={me} /> : null;
}
