import { Alert, App, Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useClearLoginLock } from '@/features/login-locks/api/clear-login-lock';
import { useLoginLocks, type LockKind, type LoginLockDto } from '@/features/login-locks/api/list-login-locks';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/**
 * 登录锁定 (administrators): which client addresses, accounts and devices failed to sign in or
 * are locked, and clearing a lock (e.g. for a colleague who called).
 */
export function LoginLocksPage({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['auth', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const locks = useLoginLocks();
  const clear = useClearLoginLock();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const date = (v: string) => formatDateTime(v, lng, timeZone);

  const columns = [
    {
      title: t('locks.columns.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: LockKind) => t(`locks.kinds.${k}`),
    },
    {
      title: t('locks.columns.subject'),
      dataIndex: 'subject',
      key: 'subject',
      render: (s: string) => <Typography.Text code>{s}</Typography.Text>,
    },
    { title: t('locks.columns.failures'), dataIndex: 'failures', key: 'failures' },
    {
      title: t('locks.columns.state'),
      key: 'state',
      render: (_: unknown, l: LoginLockDto) =>
        l.is_locked && l.locked_until ? (
          <Tag color="red">{t('locks.locked_until', { at: date(l.locked_until) })}</Tag>
        ) : (
          <Tag>{t('locks.not_locked')}</Tag>
        ),
    },
    { title: t('locks.columns.lock_count'), dataIndex: 'lock_count', key: 'lock_count' },
    {
      title: t('locks.columns.last_failure'),
      dataIndex: 'last_failure_at',
      key: 'last_failure_at',
      render: (v: string) => date(v),
    },
    {
      title: t('locks.columns.actions'),
      key: 'actions',
      render: (_: unknown, l: LoginLockDto) => (
        <AsyncPopconfirm
          title={t('locks.clear_confirm', { subject: l.subject })}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          onConfirm={() =>
            clear.mutateAsync(l.id).then(
              () => void notify.success(t('locks.cleared', { subject: l.subject })),
              (err: unknown) => void notify.error(message(err)),
            )
          }
        >
          <Button size="small" aria-label={`${t('locks.clear')} ${l.subject}`}>
            {t('locks.clear')}
          </Button>
        </AsyncPopconfirm>
      ),
    },
  ];

  return (
    <Card title={t('locks.title')}>
      <Typography.Paragraph type="secondary">{t('locks.hint')}</Typography.Paragraph>
      {locks.error && <Alert type="error" showIcon message={message(locks.error)} />}
      <Table<LoginLockDto>
        rowKey="id"
        size="small"
        loading={locks.isLoading}
        columns={columns}
        dataSource={locks.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('locks.empty') }}
      />
    </Card>
  );
}
