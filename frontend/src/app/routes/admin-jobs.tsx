import { JobsPage } from '@/features/jobs/components/jobs-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function AdminJobsRoute() {
  const { data: me } = useCurrentUser();
  return <JobsPage timeZone={me?.time_zone} />;
}
