import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskDto } from '@/features/tasks/api/types';
import { formatDateTime } from '@/lib/format';

/** Time left as 「X 天 Y 小时 Z 分」 (days only when there are any). */
function useRemaining(dueAt: string | null): { days: number; hours: number; minutes: number } | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!dueAt) return;
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, [dueAt]);
  if (!dueAt) return null;
  const left = Math.max(0, new Date(dueAt).getTime() - now);
  const minutesTotal = Math.ceil(left / 60_000);
  return {
    days: Math.floor(minutesTotal / 1440),
    hours: Math.floor((minutesTotal % 1440) / 60),
    minutes: minutesTotal % 60,
  };
}

/**
 * The task's working-time SLA clocks run through a year the working calendar has no holiday
 * schedule for: there they count Monday to Friday only, and the task says so.
 */
export function SlaCalendarNote({ task }: { task: TaskDto }) {
  const { t } = useTranslation(['tasks', 'common']);
  if (task.sla_fallback_years.length === 0) return null;
  return (
    <Alert
      data-testid="sla-calendar-fallback"
      type="info"
      showIcon
      style={{ marginTop: 12 }}
      message={t('sla_fallback', { years: task.sla_fallback_years.join(t('common:list_sep')) })}
    />
  );
}

/**
 * An emergency task nobody responded to: the countdown until it escalates to the owner's
 * supervisor, or when it did.
 */
export function EscalationNotice({ task, timeZone }: { task: TaskDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('tasks');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const left = useRemaining(task.escalated_at ? null : task.escalation_due_at);

  if (task.escalated_at) {
    return (
      <Alert
        data-testid="escalation"
        type="error"
        showIcon
        style={{ marginTop: 12 }}
        message={t('escalation.escalated', { at: formatDateTime(task.escalated_at, lng, timeZone) })}
      />
    );
  }
  if (!task.escalation_due_at || !left) return null;
  const at = formatDateTime(task.escalation_due_at, lng, timeZone);
  const due = left.days + left.hours + left.minutes === 0;
  const countdown =
    left.days > 0
      ? t('escalation.countdown_days', left)
      : t('escalation.countdown', { hours: left.hours, minutes: left.minutes });
  return (
    <Alert
      data-testid="escalation"
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      message={due ? t('escalation.due_now', { at }) : t('escalation.due', { countdown, at })}
    />
  );
}
