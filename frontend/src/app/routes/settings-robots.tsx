import { Spin } from 'antd';
import { StatusPage } from '@/components/ui/status-page';
import { RobotsPage } from '@/features/channels/components/robots-page';
import { useCanManageRobots } from '@/features/channels/hooks/use-can-manage-robots';

/** Administrators and department heads; everyone else gets a 403 page. */
export function SettingsRobotsRoute() {
  const { allowed, isPending } = useCanManageRobots();
  if (isPending) return <Spin />;
  if (!allowed) return <StatusPage status={403} />;
  return <RobotsPage />;
}
