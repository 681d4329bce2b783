import { Alert, Drawer, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWebhookDeliveries, type WebhookDeliveryDto } from '@/features/channels/api/list-webhook-deliveries';
import type { WebhookDto } from '@/features/channels/api/list-webhooks';
import { eventKindLabel } from '@/features/channels/components/event-kind-label';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime, formatNumber } from '@/lib/format';

function succeeded(d: WebhookDeliveryDto): boolean {
  return d.error === null && d.status_code !== null && d.status_code >= 200 && d.status_code < 300;
}

/** 投递记录: the latest attempts to deliver to one webhook, times in the user's zone. */
export function WebhookDeliveriesDrawer({
  webhook,
  timeZone,
  onClose,
}: {
  webhook: WebhookDto | null;
  timeZone?: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation(['channels', 'common']);
  const { message } = useErrorMessage();
  const deliveries = useWebhookDeliveries(webhook?.id ?? null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  const columns = [
    {
      title: t('webhooks.log.at'),
      dataIndex: 'at',
      key: 'at',
      render: (at: string) => formatDateTime(at, lng, timeZone),
    },
    {
      title: t('webhooks.log.event'),
      dataIndex: 'event_kind',
      key: 'event_kind',
      render: (k: string) => eventKindLabel(t, k),
    },
    { title: t('webhooks.log.attempt'), dataIndex: 'attempt', key: 'attempt' },
    {
      title: t('webhooks.log.result'),
      key: 'result',
      render: (_: unknown, d: WebhookDeliveryDto) => (
        <>
          {d.status_code !== null && <Tag color={succeeded(d) ? 'green' : 'red'}>{d.status_code}</Tag>}
          {d.error && <Typography.Text type="danger">{d.error}</Typography.Text>}
        </>
      ),
    },
    {
      title: t('webhooks.log.duration'),
      dataIndex: 'duration_ms',
      key: 'duration_ms',
      render: (ms: number) => t('webhooks.log.duration_ms', { ms: formatNumber(ms, lng) }),
    },
  ];

  return (
    <Drawer open={webhook !== null} title={t('webhooks.log.title')} width={760} onClose={onClose} destroyOnHidden>
      {webhook && (
        <Typography.Paragraph>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {webhook.url}
          </Typography.Text>
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary">{t('webhooks.log.description')}</Typography.Paragraph>
      {deliveries.error && <Alert type="error" showIcon message={message(deliveries.error)} style={{ marginBottom: 16 }} />}
      <Table<WebhookDeliveryDto>
        rowKey="id"
        size="small"
        loading={deliveries.isLoading}
        dataSource={deliveries.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('webhooks.log.empty') }}
        data-testid="webhook-deliveries"
      />
    </Drawer>
  );
}
