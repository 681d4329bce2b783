import { Alert, Button, Card, DatePicker, Empty, Flex, Result, Select, Skeleton, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { DepartmentSelect } from '@/components/ui/department-select';
import { tasksPath } from '@/config/paths';
import {
  OVERDUE_TOP,
  SCENARIOS,
  useEfficiencyReport,
  type DepartmentFigures,
  type EfficiencyReport,
  type ReportFilters,
  type Scenario,
} from '@/features/reports/api/get-efficiency-report';
import { ApprovalTimesCard, hasApprovals } from '@/features/reports/components/approval-times';
import { DepartmentTable } from '@/features/reports/components/department-table';
import { ExportReportButton } from '@/features/reports/components/export-report-button';
import { KpiCards } from '@/features/reports/components/kpi-cards';
import { ReportCharts } from '@/features/reports/components/report-charts';
import { useReportFormat } from '@/features/reports/hooks/use-report-format';
import { asApiError } from '@/lib/api/api-error';
import { useManagedDepartments } from '@/lib/auth/managed-departments';
import { nowIn } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

const DAY = 'YYYY-MM-DD';
/** The default period: the last 28 days, today included. */
const DEFAULT_DAYS = 28;
/** The longest period the server reports on. */
const MAX_DAYS = 366;

const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v, DAY).isValid();

/** The filters in the page's URL (so going back from a drill-down keeps them), or the defaults. */
function readFilters(params: URLSearchParams, today: Dayjs): ReportFilters {
  const to = params.get('to');
  const from = params.get('from');
  const scenario = params.get('scenario');
  const end = isDay(to) ? to : today.format(DAY);
  return {
    from: isDay(from) ? from : dayjs(end).subtract(DEFAULT_DAYS - 1, 'day').format(DAY),
    to: end,
    department_id: params.get('department_id') || undefined,
    scenario: SCENARIOS.find((s) => s === scenario),
    top: OVERDUE_TOP,
  };
}

/** Whether a report has anything to show: tasks, reminders, help requests, hand-offs or approvals. */
function hasFigures(r: EfficiencyReport): boolean {
  const t: DepartmentFigures = r.totals;
  return (
    t.due + t.overdue_now + t.completed + t.help_requests + t.escalations + t.unacknowledged + t.ack_breaches > 0 ||
    t.median_ack_hours !== null ||
    t.handoffs_waited + t.critical_path_tasks > 0 ||
    hasApprovals(r.approvals)
  );
}

function ReportBody({ report, filters, timeZone }: { report: EfficiencyReport; filters: ReportFilters; timeZone?: string }) {
  const { t, i18n } = useTranslation('reports');
  const fmt = useReportFormat();
  const navigate = useNavigate();
  // The report counts a task for its owner's department, so the list filters by that too.
  const overdueLink = (departmentId: string) =>
    tasksPath({ owner_department_id: departmentId, scenario: filters.scenario, overdue: true });
  const generatedAt = formatDateTime(report.generated_at, i18n.resolvedLanguage ?? 'zh-CN', timeZone);
  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">
        {t('period_line', { from: fmt.day(report.from), to: fmt.day(report.to), timeZone: report.time_zone, generatedAt })}
      </Typography.Text>
      {hasFigures(report) ? (
        <>
          <KpiCards totals={report.totals} />
          <ReportCharts report={report} onDrillDown={(id) => void navigate(overdueLink(id))} />
          <Card size="small" title={t('table.title')}>
            <DepartmentTable departments={report.departments} totals={report.totals} overdueLink={overdueLink} />
          </Card>
          <ApprovalTimesCard approvals={report.approvals} />
        </>
      ) : (
        <Empty description={t('empty')} style={{ padding: 48 }} />
      )}
    </Flex>
  );
}

/** The problem with the request, in words: a period the server refuses, or the general error. */
function useReportError() {
  const { t } = useTranslation('reports');
  const { message, fieldMessage } = useErrorMessage();
  return (err: unknown): string => {
    const e = asApiError(err);
    const codes = Object.values(e.fields).flat();
    if (codes.length === 0) return message(e);
    return codes.map((c) => (c === 'after_to' || c === 'range' ? t(`errors.${c}`) : fieldMessage(c))).join('；');
  };
}

/** 报表: the efficiency report of the departments the user heads (administrators: all of them). */
export function ReportsPage({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation(['reports', 'tasks', 'common']);
  const [params, setParams] = useSearchParams();
  const today = nowIn(timeZone).startOf('day');
  const todayKey = today.format(DAY);
  const filters = useMemo(() => readFilters(params, dayjs(todayKey)), [params, todayKey]);
  const report = useEfficiencyReport(filters);
  const managed = useManagedDepartments();
  const errorText = useReportError();

  const setFilters = (patch: Partial<Record<'from' | 'to' | 'department_id' | 'scenario', string | undefined>>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  const presets = [
    { label: t('presets.last_7_days'), value: [today.subtract(6, 'day'), today] as [Dayjs, Dayjs] },
    { label: t('presets.last_28_days'), value: [today.subtract(DEFAULT_DAYS - 1, 'day'), today] as [Dayjs, Dayjs] },
    { label: t('presets.last_90_days'), value: [today.subtract(89, 'day'), today] as [Dayjs, Dayjs] },
    { label: t('presets.this_month'), value: [today.startOf('month'), today] as [Dayjs, Dayjs] },
    {
      label: t('presets.last_month'),
      value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs],
    },
  ];

  // 403 for the whole report: not a head nor an administrator. For one department it only means
  // that department is not theirs (a hand-edited link): say so next to the filters instead.
  if (report.error && asApiError(report.error).status === 403 && !filters.department_id) {
    return <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.description')} />;
  }

  return (
    <Card title={t('title')} extra={<ExportReportButton filters={filters} />}>
      <Typography.Paragraph type="secondary">{t('scope')}</Typography.Paragraph>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Space size={4}>
          <Typography.Text>{t('filters.period')}</Typography.Text>
          <DatePicker.RangePicker
            aria-label={t('filters.period')}
            allowClear={false}
            value={[dayjs(filters.from), dayjs(filters.to)]}
            presets={presets}
            disabledDate={(day, info) => !!info?.from && Math.abs(day.diff(info.from, 'day')) >= MAX_DAYS}
            onChange={(range) => {
              const [from, to] = range ?? [];
              if (from && to) setFilters({ from: from.format(DAY), to: to.format(DAY) });
            }}
          />
        </Space>
        <DepartmentSelect
          aria-label={t('filters.department')}
          placeholder={t('filters.all_departments')}
          style={{ width: 180 }}
          onlyIds={managed.departmentIds}
          value={filters.department_id}
          onChange={(v) => setFilters({ department_id: v ?? undefined })}
        />
        <Select<Scenario>
          allowClear
          aria-label={t('filters.scenario')}
          placeholder={t('filters.all_scenarios')}
          style={{ width: 180 }}
          value={filters.scenario}
          options={SCENARIOS.map((s) => ({ value: s, label: t(`tasks:scenario.${s}`) }))}
          onChange={(v) => setFilters({ scenario: v ?? undefined })}
        />
      </Flex>
      {report.error ? (
        <Alert
          type="error"
          showIcon
          message={errorText(report.error)}
          action={
            <Button size="small" onClick={() => void report.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
        />
      ) : report.data ? (
        <Spin spinning={report.isPlaceholderData}>
          <ReportBody report={report.data} filters={filters} timeZone={timeZone} />
        </Spin>
      ) : (
        <Skeleton active paragraph={{ rows: 8 }} />
      )}
    </Card>
  );
}
