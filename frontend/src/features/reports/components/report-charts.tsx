import { Card, Col, Empty, Row } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OVERDUE_TOP, type DepartmentFigures, type EfficiencyReport } from '@/features/reports/api/get-efficiency-report';
import { EChart, type ChartOption } from '@/features/reports/components/echart';
import { useReportFormat, type ReportFormat } from '@/features/reports/hooks/use-report-format';

const COLORS = { rate: '#52c41a', due: '#1677ff', overdue: '#ff4d4f', wait: '#fa8c16' };

type Value = number | string | (number | string)[] | null | undefined;
const numberOf = (v: Value): number | null => (typeof v === 'number' ? v : null);

const GRID = { left: 8, right: 24, top: 24, bottom: 8, containLabel: true };

/** Bars by department along the y axis (names stay readable), largest first when `sorted`. */
function departmentBars(names: string[], values: number[], color: string, format: (v: number | null) => string) {
  const option: ChartOption = {
    grid: GRID,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => format(numberOf(v as Value)) },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => format(v) } },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [{ type: 'bar', data: values, itemStyle: { color }, barMaxWidth: 24 }],
  };
  return option;
}

function onTimeRateOption(departments: DepartmentFigures[], fmt: ReportFormat, name: string): ChartOption {
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.rate(numberOf(v as Value)) },
    xAxis: { type: 'category', data: departments.map(fmt.department), axisLabel: { interval: 0, rotate: departments.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmt.rate(v) } },
    // '-' is ECharts' "no value": a department with nothing due has no rate, which is not 0%.
    series: [{ name, type: 'bar', data: departments.map((d) => d.on_time_rate ?? '-'), itemStyle: { color: COLORS.rate }, barMaxWidth: 32 }],
  };
}

function weeklyOption(weeks: EfficiencyReport['weeks'], fmt: ReportFormat, names: { due: string; rate: string }): ChartOption {
  return {
    grid: { ...GRID, top: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: weeks.map((w) => fmt.shortDay(w.week_start)) },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.count(v) } },
      { type: 'value', min: 0, max: 1, splitLine: { show: false }, axisLabel: { formatter: (v: number) => fmt.rate(v) } },
    ],
    series: [
      {
        name: names.due,
        type: 'bar',
        data: weeks.map((w) => w.due),
        itemStyle: { color: COLORS.due },
        barMaxWidth: 32,
        tooltip: { valueFormatter: (v) => fmt.count(numberOf(v as Value) ?? 0) },
      },
      {
        name: names.rate,
        type: 'line',
        yAxisIndex: 1,
        data: weeks.map((w) => w.on_time_rate ?? '-'),
        itemStyle: { color: COLORS.rate },
        connectNulls: true,
        tooltip: { valueFormatter: (v) => fmt.rate(numberOf(v as Value)) },
      },
    ],
  };
}

function ChartCard({ title, empty, children }: { title: string; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation('reports');
  return (
    <Card size="small" title={title}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('charts.no_data')} style={{ height: 260 }} /> : children}
    </Card>
  );
}

type Props = {
  report: EfficiencyReport;
  /** Opens the overdue tasks of a department (from 逾期任务 TOP). */
  onDrillDown: (departmentId: string) => void;
};

/** On-time rate by department, 逾期任务 TOP N, the weekly trend and who keeps others waiting. */
export function ReportCharts({ report, onDrillDown }: Props) {
  const { t } = useTranslation('reports');
  const fmt = useReportFormat();
  const { departments, overdue_top: top, weeks } = report;
  const waiting = useMemo(
    () => departments.filter((d) => d.handoff_wait_hours > 0).sort((a, b) => b.handoff_wait_hours - a.handoff_wait_hours),
    [departments],
  );
  const options = useMemo(
    () => ({
      rate: onTimeRateOption(departments, fmt, t('metrics.on_time_rate')),
      top: departmentBars(top.map(fmt.department), top.map((d) => d.overdue_now), COLORS.overdue, (v) => fmt.count(v ?? 0)),
      weekly: weeklyOption(weeks, fmt, { due: t('metrics.due'), rate: t('metrics.on_time_rate') }),
      wait: departmentBars(
        waiting.map(fmt.department),
        waiting.map((d) => d.handoff_wait_hours),
        COLORS.wait,
        (v) => fmt.hours(v),
      ),
    }),
    [departments, top, weeks, waiting, fmt, t],
  );
  const drillTop = (i: number) => {
    const id = top[i]?.department_id;
    if (id) onDrillDown(id);
  };
  const topTitle = t('charts.overdue_top', { count: OVERDUE_TOP });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <ChartCard title={t('charts.on_time_rate')} empty={!departments.some((d) => d.on_time_rate !== null)}>
          <EChart option={options.rate} label={t('charts.on_time_rate')} height={260} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={topTitle} empty={top.length === 0}>
          <EChart option={options.top} label={topTitle} height={260} onClick={drillTop} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('charts.weekly_trend')} empty={weeks.every((w) => w.due === 0)}>
          <EChart option={options.weekly} label={t('charts.weekly_trend')} height={260} />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('charts.handoff_wait')} empty={waiting.length === 0}>
          <EChart option={options.wait} label={t('charts.handoff_wait')} height={260} />
        </ChartCard>
      </Col>
    </Row>
  );
}
