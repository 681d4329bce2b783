import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { SecretOnceModal } from '@/components/ui/secret-once-modal';
import { useCreateToken, type CreateAccessTokenRequest } from '@/features/profile/api/create-token';
import { useTokens, type AccessTokenDto } from '@/features/profile/api/list-tokens';
import { useRevokeToken } from '@/features/profile/api/revoke-token';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

type CreateValues = { name: string; expires_in_days?: number | null };

export function TokensCard({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['profile', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<CreateValues>();
  const [creating, setCreating] = useState(false);
  // The plain secret lives only here, and only until the modal is closed.
  const [secret, setSecret] = useState<string | null>(null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const date = (v: string | null) => formatDateTime(v, lng, timeZone);

  const submit = (v: CreateValues) => {
    const body: CreateAccessTokenRequest = { name: v.name.trim(), expires_in_days: v.expires_in_days ?? null };
    create.mutate(body, {
      onSuccess: (created) => {
        setCreating(false);
        form.resetFields();
        setSecret(created.token);
      },
      onError: (err) => applyToForm(form, err),
    });
  };

  const columns = [
    { title: t('tokens.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('tokens.prefix'),
      dataIndex: 'prefix',
      key: 'prefix',
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    { title: t('tokens.created_at'), dataIndex: 'created_at', key: 'created_at', render: date },
    {
      title: t('tokens.last_used_at'),
      dataIndex: 'last_used_at',
      key: 'last_used_at',
      render: (v: string | null) => (v ? date(v) : t('tokens.never_used')),
    },
    {
      title: t('tokens.expires_at'),
      dataIndex: 'expires_at',
      key: 'expires_at',
      render: (v: string | null) => (v ? date(v) : t('tokens.never')),
    },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, row: AccessTokenDto) => (
        <AsyncPopconfirm
          title={t('tokens.revoke_confirm', { name: row.name })}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            revoke.mutateAsync(row.id).then(
              () => void notify.success(t('tokens.revoked')),
              (err: unknown) => void notify.error(message(err)),
            )
          }
        >
          <Button danger size="small">
            {t('tokens.revoke')}
          </Button>
        </AsyncPopconfirm>
      ),
    },
  ];

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.description')}</Typography.Paragraph>
      {tokens.error && <Alert type="error" showIcon message={message(tokens.error)} style={{ marginBottom: 16 }} />}
      <Table<AccessTokenDto>
        rowKey="id"
        size="small"
        loading={tokens.isLoading}
        dataSource={tokens.data ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('tokens.empty') }}
      />
      <Modal
        open={creating}
        title={t('tokens.create')}
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
        <Form form={form} name="create-token" layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="name"
            label={t('tokens.name')}
            rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="expires_in_days" label={t('tokens.expires_in_days')} extra={t('tokens.expires_in_days_help')}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnceModal
        secret={secret}
        title={t('tokens.created_title')}
        warning={t('tokens.created_warning')}
        copyTooltips={[t('tokens.copy'), t('tokens.copied')]}
        testId="created-token"
        onClose={() => setSecret(null)}
      />
    </Card>
  );
}
