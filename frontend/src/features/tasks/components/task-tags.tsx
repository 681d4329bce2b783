import { Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Priority, Scenario, TaskStatus } from '@/features/tasks/api/types';
import { useCurrentUser } from '@/lib/auth/current-user';
import { formatDate } from '@/lib/format';

const STATUS_COLORS: Record<TaskStatus, string> = {
  draft: 'default',
  published: 'cyan',
  in_progress: 'processing',
  pending_review: 'warning',
  done: 'success',
  archived: 'default',
  cancelled: 'default',
};

const PRIORITY_COLORS: Record<Priority, string> = { high: 'red', medium: 'orange', low: 'blue' };

export function StatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('tasks');
  return <Tag color={STATUS_COLORS[status]}>{t(`status.${status}`)}</Tag>;
}

export function PriorityTag({ priority }: { priority: Priority }) {
  const { t } = useTranslation('tasks');
  return (
    <Tag color={PRIORITY_COLORS[priority]} bordered={false}>
      {t('fields.priority')}：{t(`priority.${priority}`)}
    </Tag>
  );
}

export function ScenarioTag({ scenario }: { scenario: Scenario }) {
  const { t } = useTranslation('tasks');
  return <Tag color={scenario === 'emergency' ? 'volcano' : 'geekblue'}>{t(`scenario.${scenario}`)}</Tag>;
}

export function PercentBar({ percent, size = 'small' }: { percent: number; size?: 'small' | 'default' }) {
  return <Progress percent={percent} size={size} style={{ minWidth: 100, margin: 0 }} />;
}

/** The deadline as a day in the user's time zone, with 逾期 when the task is overdue. */
export function Deadline({ dueAt, overdue }: { dueAt: string; overdue: boolean }) {
  const { t, i18n } = useTranslation('tasks');
  const { data: me } = useCurrentUser();
  return (
    <Space size={4} wrap>
      <Typography.Text type={overdue ? 'danger' : undefined}>
        {formatDate(dueAt, i18n.resolvedLanguage ?? 'zh-CN', me?.time_zone)}
      </Typography.Text>
      {overdue && <Tag color="red">{t('overdue')}</Tag>}
    </Space>
  );
}
