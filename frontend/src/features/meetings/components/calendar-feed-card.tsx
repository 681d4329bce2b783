import { Alert, App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { SecretOnceModal } from '@/components/ui/secret-once-modal';
import { useCreateCalendarFeed } from '@/features/meetings/api/create-calendar-feed';
import { useCalendarFeed } from '@/features/meetings/api/get-calendar-feed';
import { useRevokeCalendarFeed } from '@/features/meetings/api/revoke-calendar-feed';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/**
 * 日历订阅: a private iCalendar feed URL of the user's meetings. The URL is sent once, so it
 * lives only in this component's state until the modal is closed.
 */
export function CalendarFeedCard({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['meetings', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const feed = useCalendarFeed();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [url, setUrl] = useState<string | null>(null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const active = feed.data?.active ?? false;

  const make = () =>
    create.mutate(undefined, {
      onSuccess: (created) => setUrl(created.url),
      onError: (err) => void notify.error(message(err)),
    });

  const makeButton = active ? (
    <Popconfirm
      title={t('feed.regenerate_confirm')}
      okText={t('common:actions.confirm')}
      cancelText={t('common:actions.cancel')}
      onConfirm={make}
    >
      <Button loading={create.isPending}>{t('feed.regenerate')}</Button>
    </Popconfirm>
  ) : (
    <Button type="primary" loading={create.isPending} onClick={make}>
      {t('feed.create')}
    </Button>
  );

  return (
    <Card title={t('feed.title')} data-testid="calendar-feed-card">
      <Typography.Paragraph type="secondary">{t('feed.description')}</Typography.Paragraph>
      {feed.error && <Alert type="error" showIcon message={message(feed.error)} style={{ marginBottom: 16 }} />}
      {feed.data && (
        <Space wrap>
          {active ? (
            <Tag color="green" data-testid="calendar-feed-status">
              {t('feed.active', { time: formatDateTime(feed.data.created_at, lng, timeZone) })}
            </Tag>
          ) : (
            <Tag data-testid="calendar-feed-status">{t('feed.inactive')}</Tag>
          )}
          {makeButton}
          {active && (
            <AsyncPopconfirm
              title={t('feed.revoke_confirm')}
              okText={t('common:actions.confirm')}
              cancelText={t('common:actions.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() =>
                revoke.mutateAsync().then(
                  () => void notify.success(t('feed.revoked')),
                  (err: unknown) => void notify.error(message(err)),
                )
              }
            >
              <Button danger loading={revoke.isPending}>
                {t('feed.revoke')}
              </Button>
            </AsyncPopconfirm>
          )}
        </Space>
      )}
      <SecretOnceModal
        secret={url}
        title={t('feed.created_title')}
        warning={t('feed.created_warning')}
        copyTooltips={[t('feed.copy'), t('feed.copied')]}
        testId="calendar-feed-url"
        onClose={() => setUrl(null)}
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('feed.hint')}
        </Typography.Paragraph>
      </SecretOnceModal>
    </Card>
  );
}
