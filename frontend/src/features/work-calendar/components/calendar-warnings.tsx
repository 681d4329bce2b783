import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useWorkCalendarStatus } from '@/features/work-calendar/api/get-work-calendar-status';

/**
 * What administrators must act on in the working calendar: this year, or (from 1 November) the
 * coming one, has no holiday schedule, so SLA clocks count Monday to Friday there. Shown at the
 * top of every page for administrators (`link`) and on the calendar page itself.
 */
export function CalendarWarnings({ enabled = true, link = false }: { enabled?: boolean; link?: boolean }) {
  const { t } = useTranslation('workdays');
  const status = useWorkCalendarStatus(enabled);
  const warnings = status.data?.warnings ?? [];
  if (!enabled || warnings.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: link ? 16 : 0 }} data-testid="calendar-warnings">
      {warnings.map((w) => (
        <Alert
          key={`${w.kind}-${w.year}`}
          type={w.kind === 'current_year_missing' ? 'error' : 'warning'}
          showIcon
          message={t(`warnings.${w.kind}`, { year: w.year })}
          action={link ? <Link to={paths.adminWorkCalendar}>{t('warnings.go')}</Link> : undefined}
        />
      ))}
    </Space>
  );
}
