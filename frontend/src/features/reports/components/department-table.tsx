import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DepartmentFigures } from '@/features/reports/api/get-efficiency-report';
import { MetricLabel, type Metric } from '@/features/reports/components/metric-label';
import { useReportFormat } from '@/features/reports/hooks/use-report-format';

type Kind = 'count' | 'rate' | 'hours';

/** Every figure of a department, in the order the table shows them. */
const FIGURES: [Metric, Kind][] = [
  ['due', 'count'],
  ['done_on_time', 'count'],
  ['done_late', 'count'],
  ['on_time_rate', 'rate'],
  ['overdue_now', 'count'],
  ['average_delay_hours', 'hours'],
  ['median_ack_hours', 'hours'],
  ['unacknowledged', 'count'],
  ['ack_breaches', 'count'],
  ['help_requests', 'count'],
  ['help_answered_within_24h', 'count'],
  ['escalations', 'count'],
  ['completed', 'count'],
  ['median_cycle_hours', 'hours'],
  ['handoff_wait_hours', 'hours'],
  ['handoffs_waited', 'count'],
  ['critical_path_tasks', 'count'],
];

// Departments without a value (nothing due, nobody acknowledged…) sort below every number.
const sortValue = (v: number | null) => v ?? Number.NEGATIVE_INFINITY;

type Props = {
  departments: DepartmentFigures[];
  totals: DepartmentFigures;
  /** The task list of a department's overdue tasks, for the drill-down links. */
  overdueLink: (departmentId: string) => string;
};

/** 部门明细: all figures per department, sortable, with the totals below. */
export function DepartmentTable({ departments, totals, overdueLink }: Props) {
  const { t } = useTranslation('reports');
  const fmt = useReportFormat();
  const format = (kind: Kind, v: number | null) => (kind === 'count' ? fmt.count(v ?? 0) : fmt[kind](v));

  const columns: ColumnsType<DepartmentFigures> = [
    {
      title: t('table.department'),
      key: 'department',
      fixed: 'left',
      sorter: (a, b) => fmt.department(a).localeCompare(fmt.department(b)),
      render: (_, d) => fmt.department(d),
    },
    ...FIGURES.map(([metric, kind]): ColumnsType<DepartmentFigures>[number] => ({
      title: <MetricLabel metric={metric} />,
      key: metric,
      align: 'right',
      sorter: (a, b) => sortValue(a[metric]) - sortValue(b[metric]),
      render: (_: unknown, d: DepartmentFigures) => {
        const text = format(kind, d[metric]);
        if (metric !== 'overdue_now' || !d.department_id || d.overdue_now === 0) return text;
        return (
          <Link to={overdueLink(d.department_id)} aria-label={t('table.drill_down', { department: d.department_name })}>
            <Typography.Text type="danger" underline>
              {text}
            </Typography.Text>
          </Link>
        );
      },
    })),
  ];

  return (
    <Table<DepartmentFigures>
      rowKey={(d) => d.department_id ?? ''}
      size="small"
      dataSource={departments}
      columns={columns}
      pagination={false}
      scroll={{ x: 'max-content' }}
      showSorterTooltip={false}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <Typography.Text strong>{t('table.total')}</Typography.Text>
          </Table.Summary.Cell>
          {FIGURES.map(([metric, kind], i) => (
            <Table.Summary.Cell key={metric} index={i + 1} align="right">
              <Typography.Text strong>{format(kind, totals[metric])}</Typography.Text>
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}
