import { Alert, App, Card, Flex, Skeleton, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  useNotificationPreferences,
  type NotificationPreferences,
} from '@/features/channels/api/get-notification-preferences';
import { useSetNotificationPreferences } from '@/features/channels/api/set-notification-preferences';
import { useErrorMessage } from '@/lib/error-message';

const CHANNELS = ['mail', 'robot'] as const;

/** 通知方式: whether notifications also go by mail and whether group robots @-mention me. */
export function NotificationPreferencesCard() {
  const { t } = useTranslation(['channels', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const prefs = useNotificationPreferences();
  const save = useSetNotificationPreferences();

  const toggle = (channel: keyof NotificationPreferences, on: boolean) => {
    if (!prefs.data) return;
    save.mutate(
      { ...prefs.data, [channel]: on },
      {
        onSuccess: () => void notify.success(t('preferences.saved')),
        onError: (err) => void notify.error(message(err)),
      },
    );
  };

  return (
    <Card title={t('preferences.title')} data-testid="notification-preferences-card">
      <Typography.Paragraph type="secondary">{t('preferences.description')}</Typography.Paragraph>
      {prefs.error && <Alert type="error" showIcon message={message(prefs.error)} style={{ marginBottom: 16 }} />}
      {prefs.isPending && !prefs.error && <Skeleton active paragraph={{ rows: 2 }} />}
      {prefs.data && (
        <Flex vertical gap="middle" style={{ marginBottom: 16 }}>
          {CHANNELS.map((channel) => (
            <Flex key={channel} justify="space-between" align="center" gap="middle">
              <div>
                <Typography.Text strong id={`pref-${channel}`}>
                  {t(`preferences.${channel}`)}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary">{t(`preferences.${channel}_help`)}</Typography.Text>
              </div>
              <Switch
                aria-labelledby={`pref-${channel}`}
                checked={prefs.data[channel]}
                loading={save.isPending && save.variables?.[channel] !== prefs.data[channel]}
                disabled={save.isPending}
                onChange={(on) => toggle(channel, on)}
              />
            </Flex>
          ))}
        </Flex>
      )}
      <Alert type="info" showIcon message={t('preferences.always_on')} />
    </Card>
  );
}
