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

type SubjectType = 'user' | 'access_token' | 'department' | 'task' | 'work_calendar' | 'file' | 'robot';

const RISKY: AuditKind[] = ['login_failed', 'session_revoked_on_reuse', 'user_permissions_changed', 'confidential_task_viewed'];

type Names = Record<string, string>;

/** One value of an event's details in words: ids by name, a change as "from → to". */
function valueText(v: unknown, names: Names, words: { yes: string; no: string; sep: string }): string {
  if (typeof v === 'string') return names[v] ?? v;
  if (typeof v === 'boolean') return v ? words.yes : words.no;
  if (Array.isArray(v)) return v.map((x) => valueText(x, names, words)).join(words.sep);
  if (v && typeof v === 'object' && 'from' in v && 'to' in v) {
    return `${valueText(v.from, names, words)} → ${valueText(v.to, names, words)}`;
  }
  return v === null || v === undefined ? '' : JSON.stringify(v);
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
  const words = { yes: t('yes'), no: t('no'), sep: t('common:list_sep') };
  const roles: Names = { admin: t('common:role.admin'), dept_head: t('common:role.dept_head'), member: t('common:role.member') };

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
      render: (_: unknown, e: AuditEventDto) => {
        if (!e.subject_type) return t('common:empty');
        const type = t(`subjects.${e.subject_type as SubjectType}`, { defaultValue: e.subject_type });
        const name = e.subject_id ? e.names[e.subject_id] : undefined;
        const label = name ? t('detail_entry', { key: type, value: name }) : type;
        return e.subject_type === 'task' && e.subject_id ? <Link to={taskPath(e.subject_id)}>{label}</Link> : label;
      },
    },
    {
      title: t('columns.detail'),
      key: 'detail',
      render: (_: unknown, e: AuditEventDto) => (
        <Typography.Text type="secondary">
          {Object.entries((e.detail ?? {}) as Record<string, unknown>)
            .map(([k, v]) =>
              t('detail_entry', {
                key: t(`detail_keys.${k}`, { defaultValue: k }),
                value: valueText(v, k === 'role' ? roles : e.names, words),
              }),
            )
            .join(t('detail_sep'))}
        </Typography.Text>
      ),
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
