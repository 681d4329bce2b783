import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentFigures } from '@/features/reports/api/get-efficiency-report';
import { formatDate, formatNumber } from '@/lib/format';

export type ReportFormat = {
  /** A count, e.g. 1,234. */
  count: (n: number) => string;
  /** A 0–1 rate as a percentage with at most one decimal, e.g. 33.3%; — when there is none. */
  rate: (r: number | null | undefined) => string;
  /** Hours with at most one decimal; — when there are none. */
  hours: (h: number | null | undefined) => string;
  /** A report day (YYYY-MM-DD, already in the company's time zone), e.g. 2026年11月26日. */
  day: (d: string) => string;
  /** A report day, short (month and day), for chart axes. */
  shortDay: (d: string) => string;
  /** A department's name; the server names the row of tasks whose owner has none in Chinese only. */
  department: (d: DepartmentFigures) => string;
};

/** Numbers and days of a report in the UI language. */
export function useReportFormat(): ReportFormat {
  const { t, i18n } = useTranslation(['reports', 'common']);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const empty = t('common:empty');
  const noDepartment = t('no_department');
  return useMemo(() => {
    const percent = new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 });
    const decimal = new Intl.NumberFormat(lng, { maximumFractionDigits: 1 });
    const short = new Intl.DateTimeFormat(lng, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    // Report days are calendar days, not instants: read and show them in UTC so no zone shifts them.
    const utcMidnight = (d: string) => `${d}T00:00:00Z`;
    return {
      count: (n) => formatNumber(n, lng),
      rate: (r) => (r === null || r === undefined ? empty : percent.format(r)),
      hours: (h) => (h === null || h === undefined ? empty : decimal.format(h)),
      day: (d) => formatDate(utcMidnight(d), lng, 'UTC'),
      shortDay: (d) => short.format(new Date(utcMidnight(d))),
      department: (d) => (d.department_id ? d.department_name : noDepartment),
    };
  }, [lng, empty, noDepartment]);
}
