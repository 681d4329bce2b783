import { WebhooksPage } from '@/features/channels/components/webhooks-page';
import { useCurrentUser } from '@/lib/auth/current-user';

export function SettingsWebhooksRoute() {
  const { data: me } = useCurrentUser();
  return <WebhooksPage timeZone={me?.time_zone} />;
}
