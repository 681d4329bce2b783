import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartmentFigures } from '@/features/reports/api/get-efficiency-report';
import { MetricLabel, type Metric } from '@/features/reports/components/metric-label';
import { useReportFormat } from '@/features/reports/hooks/use-report-format';

type Kpi = { metric: Metric; value: string; note?: ReactNode; danger?: boolean };

/** The totals of the departments in scope, one card per headline figure. */
export function KpiCards({ totals }: { totals: DepartmentFigures }) {
  const { t } = useTranslation('reports');
  const fmt = useReportFormat();
  const kpis: Kpi[] = [
    {
      metric: 'on_time_rate',
      value: fmt.rate(totals.on_time_rate),
      note: t('kpi.on_time_of', { done: fmt.count(totals.done_on_time), due: fmt.count(totals.due) }),
    },
    { metric: 'due', value: fmt.count(totals.due) },
    { metric: 'overdue_now', value: fmt.count(totals.overdue_now), danger: totals.overdue_now > 0 },
    { metric: 'average_delay_hours', value: fmt.hours(totals.average_delay_hours) },
    { metric: 'median_ack_hours', value: fmt.hours(totals.median_ack_hours) },
    { metric: 'ack_breaches', value: fmt.count(totals.ack_breaches), danger: totals.ack_breaches > 0 },
    {
      metric: 'help_answered_within_24h',
      value: fmt.count(totals.help_answered_within_24h),
      note: t('kpi.help_of', { total: fmt.count(totals.help_requests) }),
    },
    { metric: 'escalations', value: fmt.count(totals.escalations) },
  ];
  return (
    <Row gutter={[16, 16]}>
      {kpis.map((k) => (
        <Col key={k.metric} xs={24} sm={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid={`kpi-${k.metric}`}>
            <Statistic
              title={<MetricLabel metric={k.metric} />}
              value={k.value}
              // Already formatted for the locale: Statistic would split it at the decimal point.
              formatter={() => k.value}
              valueStyle={k.danger ? { color: '#cf1322' } : undefined}
            />
            {k.note && <Typography.Text type="secondary">{k.note}</Typography.Text>}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
