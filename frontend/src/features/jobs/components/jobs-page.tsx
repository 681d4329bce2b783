import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/ui/load-more';
import {
  JOB_KINDS,
  JOB_STATUSES,
  useJobs,
  type JobDto,
  type JobQuery,
  type JobStatus,
} from '@/features/jobs/api/list-jobs';
import { useRetryJob } from '@/features/jobs/api/retry-job';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

const STATUS_COLOR: Record<JobStatus, string | undefined> = {
  queued: 'blue',
  running: 'processing',
  done: 'green',
  dead: 'red',
};

function kindLabel(t: (key: `kinds.${(typeof JOB_KINDS)[number]}`) => string, kind: string): string {
  return (JOB_KINDS as readonly string[]).includes(kind) ? t(`kinds.${kind as (typeof JOB_KINDS)[number]}`) : kind;
}

/** 后台任务: the delivery job queue (administrators); dead jobs first, each can be retried. */
export function JobsPage({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['jobs', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const [filters, setFilters] = useState<JobQuery>({ status: 'dead' });
  const jobs = useJobs(filters);
  const retry = useRetryJob();
  const rows = jobs.data?.pages.flatMap((p) => p.items) ?? [];
  const total = jobs.data?.pages[0]?.total ?? 0;
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const date = (v: string) => formatDateTime(v, lng, timeZone);

  const columns = [
    { title: t('columns.kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => kindLabel(t, k) },
    {
      title: t('columns.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: JobStatus) => <Tag color={STATUS_COLOR[s]}>{t(`statuses.${s}`)}</Tag>,
    },
    {
      title: t('columns.attempts'),
      key: 'attempts',
      render: (_: unknown, j: JobDto) => `${j.attempts}/${j.max_attempts}`,
    },
    {
      title: t('columns.last_error'),
      dataIndex: 'last_error',
      key: 'last_error',
      render: (e: string | null) =>
        e ? (
          <Typography.Text type="danger" style={{ maxWidth: 360, display: 'inline-block' }} ellipsis={{ tooltip: e }}>
            {e}
          </Typography.Text>
        ) : (
          t('common:empty')
        ),
    },
    { title: t('columns.run_at'), dataIndex: 'run_at', key: 'run_at', render: date },
    { title: t('columns.updated_at'), dataIndex: 'updated_at', key: 'updated_at', render: date },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_: unknown, j: JobDto) =>
        j.status === 'dead' ? (
          <Button
            size="small"
            loading={retry.isPending && retry.variables === j.id}
            onClick={() =>
              retry.mutate(j.id, {
                onSuccess: () => void notify.success(t('retried')),
                onError: (err) => void notify.error(message(err)),
              })
            }
          >
            {t('retry')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card title={t('title')}>
      <Typography.Paragraph type="secondary">{t('description')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<JobStatus>
          allowClear
          value={filters.status}
          placeholder={t('filter_status')}
          aria-label={t('filter_status')}
          style={{ width: 180 }}
          options={JOB_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          onChange={(status) => setFilters((f) => ({ ...f, status: status ?? undefined }))}
        />
        <Select<string>
          allowClear
          value={filters.kind}
          placeholder={t('filter_kind')}
          aria-label={t('filter_kind')}
          style={{ width: 180 }}
          options={JOB_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          onChange={(kind) => setFilters((f) => ({ ...f, kind: kind ?? undefined }))}
        />
      </Space>
      {jobs.error && <Alert type="error" showIcon message={message(jobs.error)} style={{ marginBottom: 16 }} />}
      <Table<JobDto>
        rowKey="id"
        size="middle"
        loading={jobs.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('empty') }}
      />
      <LoadMore pages={jobs} total={total} />
    </Card>
  );
}
