import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { LoadMore } from '@/components/ui/load-more';
import { useCreateWebhook, type CreateWebhookRequest } from '@/features/channels/api/create-webhook';
import { useDeleteWebhook } from '@/features/channels/api/delete-webhook';
import {
  ALL_EVENTS,
  useWebhooks,
  WEBHOOK_EVENT_KINDS,
  type EventFilter,
  type WebhookDto,
} from '@/features/channels/api/list-webhooks';
import { eventKindLabel } from '@/features/channels/components/event-kind-label';
import { WebhookCreatedModal } from '@/features/channels/components/webhook-created-modal';
import { WebhookDeliveriesDrawer } from '@/features/channels/components/webhook-deliveries-drawer';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

type Values = { url: string; event_types: EventFilter[]; secret?: string };

/** Choosing 全部事件 replaces the kinds picked; picking a kind replaces 全部事件. */
function normalizeEventTypes(value: string[] | undefined, prev: string[] | undefined): string[] {
  const next = value ?? [];
  const added = next.filter((v) => !(prev ?? []).includes(v));
  if (added.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return next.length > 1 ? next.filter((v) => v !== ALL_EVENTS) : next;
}

/** Webhook 订阅: URLs of the user that receive signed event POSTs, with their delivery log. */
export function WebhooksPage({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['channels', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [form] = Form.useForm<Values>();
  const [creating, setCreating] = useState(false);
  // The secret lives only here, and only until its modal is closed.
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<WebhookDto | null>(null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  const submit = (v: Values) => {
    const body: CreateWebhookRequest = {
      url: v.url.trim(),
      event_types: v.event_types,
      secret: v.secret?.trim() ? v.secret.trim() : null,
    };
    create.mutate(body, {
      onSuccess: (created) => {
        setCreating(false);
        form.resetFields();
        notify.success(t('webhooks.created'));
        setSecret(created.secret);
      },
      onError: (err) => applyToForm(form, err),
    });
  };

  const columns = [
    {
      title: t('webhooks.columns.url'),
      dataIndex: 'url',
      key: 'url',
      render: (url: string) => (
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {url}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.columns.events'),
      dataIndex: 'event_types',
      key: 'event_types',
      render: (kinds: string[]) => (
        <Space size={[0, 4]} wrap>
          {kinds.map((k) => (
            <Tag key={k} color={k === ALL_EVENTS ? 'blue' : undefined}>
              {eventKindLabel(t, k)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('webhooks.columns.status'),
      dataIndex: 'is_active',
      key: 'is_active',
      render: (on: boolean) =>
        on ? <Tag color="green">{t('webhooks.active')}</Tag> : <Tag>{t('webhooks.inactive')}</Tag>,
    },
    {
      title: t('webhooks.columns.created_at'),
      dataIndex: 'created_at',
      key: 'created_at',
      render: (v: string) => formatDateTime(v, lng, timeZone),
    },
    {
      title: t('webhooks.columns.actions'),
      key: 'actions',
      render: (_: unknown, w: WebhookDto) => (
        <Space size="small">
          <Button size="small" onClick={() => setLog(w)}>
            {t('webhooks.deliveries')}
          </Button>
          <AsyncPopconfirm
            title={t('webhooks.delete_confirm')}
            okText={t('common:actions.confirm')}
            cancelText={t('common:actions.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync(w.id).then(
                () => void notify.success(t('webhooks.deleted')),
                (err: unknown) => void notify.error(message(err)),
              )
            }
          >
            <Button size="small" danger>
              {t('webhooks.delete')}
            </Button>
          </AsyncPopconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('webhooks.title')}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('webhooks.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('webhooks.description')}</Typography.Paragraph>
      {webhooks.error && <Alert type="error" showIcon message={message(webhooks.error)} style={{ marginBottom: 16 }} />}
      <Table<WebhookDto>
        rowKey="id"
        size="middle"
        loading={webhooks.isLoading}
        dataSource={webhooks.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('webhooks.empty') }}
      />
      <LoadMore pages={webhooks} />
      <Modal
        open={creating}
        title={t('webhooks.create')}
        okText={t('common:actions.create')}
        cancelText={t('common:actions.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => {
          setCreating(false);
          create.reset();
        }}
        destroyOnHidden
      >
        {create.error && (
          <Alert type="error" showIcon message={message(asApiError(create.error))} style={{ marginBottom: 16 }} />
        )}
        <Form form={form} name="create-webhook" layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="url"
            label={t('webhooks.form.url')}
            rules={[
              { required: true, whitespace: true, message: t('errors:field.required') },
              { pattern: /^https?:\/\/\S+$/, message: t('errors:field.url') },
            ]}
          >
            <Input maxLength={1000} placeholder={t('webhooks.form.url_placeholder')} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="event_types"
            label={t('webhooks.form.event_types')}
            normalize={normalizeEventTypes}
            rules={[{ required: true, type: 'array', min: 1, message: t('errors:field.required') }]}
          >
            <Select
              mode="multiple"
              aria-label={t('webhooks.form.event_types')}
              placeholder={t('webhooks.form.event_types_placeholder')}
              optionFilterProp="label"
              options={[ALL_EVENTS, ...WEBHOOK_EVENT_KINDS].map((k) => ({ value: k, label: eventKindLabel(t, k) }))}
            />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('webhooks.form.secret')}
            extra={t('webhooks.form.secret_help')}
            rules={[{ min: 16, message: t('webhooks.form.secret_min') }]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <WebhookCreatedModal secret={secret} onClose={() => setSecret(null)} />
      <WebhookDeliveriesDrawer webhook={log} timeZone={timeZone} onClose={() => setLog(null)} />
    </Card>
  );
}
