import { LoginLocksPage } from '@/features/login-locks/components/login-locks-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function AdminLoginLocksRoute() {
  const { data: me } = useCurrentUser();
  return <LoginLocksPage timeZone={me?.time_zone} />;
}
