import { Alert, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/ui/load-more';
import { Link } from 'react-router';
import { UserPicker } from '@/components/ui/user-picker';
import { taskPath } from '@/config/paths';
import { AUDIT_KINDS, useAuditEvents, type AuditEventDto, type AuditKind, type AuditQuery } from '@/features/audit/api/list-audit-events';
import { useCurrentUser } from '@/lib/auth/current-user';
import { endOfDayUtc, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

const RISKY: AuditKind[] = ['login_failed', 'session_revoked_on_reuse', 'user_permissions_changed', 'confidential_task_viewed'];

/** The details of an event in a line: the fields it names, as "key: value". */
function detailText(detail: AuditEventDto['detail']): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('；');
}

/** 审计日志: who did what and when, filtered by person, kind and period (administrators). */
export function AuditLog() {
  const { t, i18n } = useTranslation(['audit', 'common']);
  const { message } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const [filters, setFilters] = useState<AuditQuery>({});
  const events = useAuditEvents(filters);
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  const total = events.data?.pages[0]?.total ?? 0;
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const tz = me?.time_zone;

  const columns = [
    {
      title: t('columns.at'),
      dataIndex: 'at',
      key: 'at',
      render: (at: string) => formatDateTime(at, lng, tz),
    },
    {
      title: t('columns.actor'),
      key: 'actor',
      render: (_: unknown, e: AuditEventDto) => e.actor?.name ?? t('unknown_actor'),
    },
    {
      title: t('columns.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: AuditKind) => <Tag color={RISKY.includes(k) ? 'orange' : undefined}>{t(`kinds.${k}`)}</Tag>,
    },
    {
      title: t('columns.subject'),
      key: 'subject',
      render: (_: unknown, e: AuditEventDto) =>
        e.subject_type === 'task' && e.subject_id ? (
          <Link to={taskPath(e.subject_id)}>{t('subjects.task')}</Link>
        ) : e.subject_type ? (
          t(`subjects.${e.subject_type as 'user' | 'access_token' | 'department' | 'work_calendar'}`, {
            defaultValue: e.subject_type,
          })
        ) : (
          t('common:empty')
        ),
    },
    {
      title: t('columns.detail'),
      key: 'detail',
      render: (_: unknown, e: AuditEventDto) => <Typography.Text type="secondary">{detailText(e.detail)}</Typography.Text>,
    },
  ];

  const onPeriod = (range: [Dayjs | null, Dayjs | null] | null) =>
    setFilters((f) => ({
      ...f,
      from: range?.[0] ? startOfDayUtc(range[0], tz) : undefined,
      to: range?.[1] ? endOfDayUtc(range[1], tz) : undefined,
    }));

  return (
    <Card title={t('title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <UserPicker
          placeholder={t('filter_actor')}
          style={{ width: 220 }}
          aria-label={t('filter_actor')}
          onChange={(v) => setFilters((f) => ({ ...f, actor_id: typeof v === 'string' ? v : undefined }))}
        />
        <Select<AuditKind[]>
          mode="multiple"
          allowClear
          placeholder={t('filter_kind')}
          aria-label={t('filter_kind')}
          style={{ minWidth: 240 }}
          options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          onChange={(kinds) => setFilters((f) => ({ ...f, kind: kinds.length > 0 ? kinds.join(',') : undefined }))}
        />
        <DatePicker.RangePicker onChange={onPeriod} />
      </Space>
      {events.error && <Alert type="error" showIcon message={message(events.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditEventDto>
        rowKey="id"
        size="middle"
        loading={events.isLoading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      <LoadMore pages={events} total={total} />
    </Card>
  );
}
