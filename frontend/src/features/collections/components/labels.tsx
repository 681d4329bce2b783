import { Space, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CollectionDto, Schedule, SubmissionDto } from '@/features/collections/api/types';
import { formatDateTime } from '@/lib/format';

type T = TFunction<'collections'>;

const STATUS_COLORS = {
  pending: 'default',
  missing: 'red',
  submitted: 'processing',
  accepted: 'success',
  returned: 'warning',
} as const;

/** 未提交 / 逾期未交 / 已提交 / 已确认 / 已退回, and 逾期提交 for a late hand-in. */
export function SubmissionStatusTag({ submission }: { submission: Pick<SubmissionDto, 'status' | 'missing' | 'is_late'> }) {
  const { t } = useTranslation('collections');
  const key = submission.status === 'pending' && submission.missing ? 'missing' : submission.status;
  return (
    <Space size={0} wrap data-testid="submission-status">
      <Tag color={STATUS_COLORS[key]}>{t(`status.${key}`)}</Tag>
      {submission.is_late && submission.status !== 'pending' && <Tag color="volcano">{t('status.late')}</Tag>}
    </Space>
  );
}

/** A round's period as people say it: 2026年12月, 2026年第49周, 2026年第4季度 (or 本次). */
export function periodLabel(t: T, period: string): string {
  if (period === 'once') return t('period.once');
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return t('period.month', { year: month[1], month: Number(month[2]) });
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return t('period.week', { year: week[1], week: Number(week[2]) });
  const quarter = /^(\d{4})-Q(\d)$/.exec(period);
  if (quarter) return t('period.quarter', { year: quarter[1], quarter: quarter[2] });
  return period;
}

/** The deadline rule: 一次性，截止 … / 每周五 18:00 截止 / 每月第 3 个工作日 18:00 截止. */
export function scheduleLabel(t: T, s: Schedule, lng: string, tz?: string): string {
  const time = s.time ?? '18:00';
  switch (s.kind) {
    case 'once':
      return t('schedule.once', { due: formatDateTime(s.due_at, lng, tz) });
    case 'weekly':
      return t('schedule.weekly', { weekday: t(`weekdays.${String(s.weekday ?? 5)}` as 'weekdays.1'), time });
    case 'monthly':
    case 'quarterly':
      return t(`schedule.${s.kind}`, { n: s.working_day ?? 1, time });
  }
}

/** What a submission must hold: 上传 1–5 个文件，格式：xlsx，单个文件不超过 10 MB；填写 3 项. */
export function askedLabel(t: T, spec: CollectionDto['spec']): string {
  const parts: string[] = [];
  const files = spec.files;
  if (files) {
    parts.push(t('asked.files', { min: files.min_files ?? 1, max: files.max_files ?? 5 }));
    parts.push(files.types?.length ? t('asked.types', { types: files.types.join(t('list_sep')) }) : t('asked.any_type'));
    if (files.max_mb) parts.push(t('asked.max_mb', { mb: files.max_mb }));
  }
  const fields = spec.fields ?? [];
  if (fields.length > 0) parts.push(t('asked.fields', { count: fields.length }));
  return parts.length > 0 ? parts.join(t('clause_sep')) : t('asked.none');
}

/** The reminder lead time in working minutes, as one of the offered choices or in minutes. */
export const REMINDER_CHOICES = [0, 60, 270, 540, 1080, 1620, 2700] as const;

export function reminderLabel(t: T, minutes: number): string {
  return (REMINDER_CHOICES as readonly number[]).includes(minutes)
    ? t(`reminder.${minutes}` as 'reminder.0')
    : t('reminder.other', { minutes });
}

/** The units asked: 销售部（张三、李四）、电商部, 王五. */
export function submittersLabel(t: T, s: CollectionDto['submitters']): string {
  const departments = s.departments.map((d) =>
    d.answerers.length > 0
      ? t('card.department_with', { department: d.department.name, people: d.answerers.map((u) => u.name).join(t('list_sep')) })
      : d.department.name,
  );
  return [...departments, ...s.people.map((p) => p.name)].join(t('list_sep'));
}

/** Who a submission is from: its department, or the person asked on their own. */
export function unitName(s: Pick<SubmissionDto, 'department' | 'person'>): string {
  return s.department?.name ?? s.person?.name ?? '';
}

/** A form answer as text: numbers with the language's marks, a choice or text as it is. */
export function answerText(value: unknown, lng: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return new Intl.NumberFormat(lng).format(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
