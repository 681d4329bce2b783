import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useExports } from '@/features/exports/api/list-exports';
import { useErrorMessage } from '@/lib/error-message';
import { downloadExport, type ExportDto, type ExportKind } from '@/lib/exports/export-api';
import { useExportFailureText } from '@/lib/exports/use-export';
import { formatBytes, formatDateTime, formatNumber } from '@/lib/format';
import { saveBlob } from '@/lib/save-file';

type ExportStatus = 'queued' | 'running' | 'done' | 'failed' | 'expired';
const STATUSES: readonly ExportStatus[] = ['queued', 'running', 'done', 'failed', 'expired'];

const STATUS_COLOR: Record<ExportStatus, string | undefined> = {
  queued: 'blue',
  running: 'processing',
  done: 'green',
  failed: 'red',
  expired: undefined,
};

const isStatus = (s: string): s is ExportStatus => (STATUSES as readonly string[]).includes(s);

/**
 * 我的导出: the caller's latest exports, so a large one asked for on another page (it keeps
 * being made when the page is left) can be downloaded later, until it expires.
 */
export function ExportsPage({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['exports', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const failureText = useExportFailureText();
  const exports = useExports();
  const [saving, setSaving] = useState<string | null>(null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const date = (v: string | null) => (v ? formatDateTime(v, lng, timeZone) : t('common:empty'));

  const save = async (e: ExportDto) => {
    setSaving(e.id);
    try {
      saveBlob(await downloadExport(e.id), e.file_name);
    } catch (err) {
      void notify.error(message(err));
    } finally {
      setSaving(null);
    }
  };

  const columns = [
    { title: t('page.columns.file_name'), dataIndex: 'file_name', key: 'file_name' },
    {
      title: t('page.columns.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: ExportKind) => t(`page.kinds.${k}`),
    },
    {
      title: t('page.columns.status'),
      key: 'status',
      render: (_: unknown, e: ExportDto) =>
        isStatus(e.status) ? <Tag color={STATUS_COLOR[e.status]}>{t(`page.statuses.${e.status}`)}</Tag> : e.status,
    },
    {
      title: t('page.columns.rows'),
      dataIndex: 'row_count',
      key: 'rows',
      align: 'right' as const,
      render: (n: number | null) => (n === null ? t('common:empty') : formatNumber(n, lng)),
    },
    {
      title: t('page.columns.size'),
      dataIndex: 'size_bytes',
      key: 'size',
      align: 'right' as const,
      render: (n: number | null) => (n === null ? t('common:empty') : formatBytes(n, lng)),
    },
    { title: t('page.columns.created_at'), dataIndex: 'created_at', key: 'created_at', render: date },
    { title: t('page.columns.expires_at'), dataIndex: 'expires_at', key: 'expires_at', render: date },
    {
      title: t('page.columns.actions'),
      key: 'actions',
      render: (_: unknown, e: ExportDto) => {
        if (e.status === 'done') {
          return (
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={saving === e.id}
              aria-label={t('page.download_named', { name: e.file_name })}
              onClick={() => void save(e)}
            >
              {t('page.download')}
            </Button>
          );
        }
        if (e.status === 'failed') return <Typography.Text type="danger">{failureText(e.error_code)}</Typography.Text>;
        if (e.status === 'expired') return <Typography.Text type="secondary">{t('page.expired_hint')}</Typography.Text>;
        return null;
      },
    },
  ];

  return (
    <Card title={t('page.title')}>
      <Typography.Paragraph type="secondary">{t('page.description')}</Typography.Paragraph>
      {exports.error && <Alert type="error" showIcon message={message(exports.error)} style={{ marginBottom: 16 }} />}
      <Table<ExportDto>
        rowKey="id"
        size="middle"
        loading={exports.isLoading}
        dataSource={exports.data?.items ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('page.empty') }}
        scroll={{ x: true }}
      />
    </Card>
  );
}
