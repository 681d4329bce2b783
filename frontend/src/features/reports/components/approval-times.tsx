import { Card, Col, Empty, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { ApprovalFigures, ApprovalTimes } from '@/features/reports/api/get-efficiency-report';
import { useReportFormat } from '@/features/reports/hooks/use-report-format';

type Figure = Exclude<keyof ApprovalFigures, 'department_id' | 'name'>;
type Kind = 'count' | 'hours';

/** The figures of a step or department, in the order the tables show them. */
const FIGURES: [Figure, Kind][] = [
  ['decisions', 'count'],
  ['median_hours', 'hours'],
  ['average_hours', 'hours'],
  ['waiting', 'count'],
  ['longest_wait_hours', 'hours'],
];

/** Whether any approver decided, or is being waited on, in the period. */
export function hasApprovals(a: ApprovalTimes): boolean {
  return a.totals.decisions + a.totals.waiting > 0;
}

type GroupTableProps = {
  /** The column of the group's name (审批环节 / 审批人部门). */
  groupTitle: string;
  rows: ApprovalFigures[];
  totals: ApprovalFigures;
  /** The group's name as shown (the server names approvers without a department in Chinese only). */
  name: (f: ApprovalFigures) => string;
};

/** One group's figures, in the API's order (slowest first), with the totals below. */
function GroupTable({ groupTitle, rows, totals, name }: GroupTableProps) {
  const { t } = useTranslation('reports');
  const fmt = useReportFormat();
  const format = (kind: Kind, v: number | null) => (kind === 'count' ? fmt.count(v ?? 0) : fmt.hours(v));
  const columns: ColumnsType<ApprovalFigures> = [
    { title: groupTitle, key: 'name', render: (_, f) => name(f) },
    ...FIGURES.map(([figure, kind]): ColumnsType<ApprovalFigures>[number] => ({
      title: t(`approvals.figures.${figure}`),
      key: figure,
      align: 'right',
      render: (_: unknown, f: ApprovalFigures) => format(kind, f[figure]),
    })),
  ];
  return (
    <Table<ApprovalFigures>
      rowKey={(f) => f.department_id ?? `name:${f.name}`}
      size="small"
      dataSource={rows}
      columns={columns}
      pagination={false}
      scroll={{ x: 'max-content' }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <Typography.Text strong>{t('table.total')}</Typography.Text>
          </Table.Summary.Cell>
          {FIGURES.map(([figure, kind], i) => (
            <Table.Summary.Cell key={figure} index={i + 1} align="right">
              <Typography.Text strong>{format(kind, totals[figure])}</Typography.Text>
            </Table.Summary.Cell>
          ))}
        </Table.Summary.Row>
      )}
    />
  );
}

/** 审批时效: how long approvers take on resource requests, by step and by the approvers' department. */
export function ApprovalTimesCard({ approvals }: { approvals: ApprovalTimes }) {
  const { t } = useTranslation('reports');
  return (
    <Card size="small" title={t('approvals.title')} data-testid="approval-times">
      {hasApprovals(approvals) ? (
        <>
          <Typography.Paragraph type="secondary">{t('approvals.description')}</Typography.Paragraph>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12} data-testid="approvals-by-step">
              <Typography.Title level={5}>{t('approvals.by_step')}</Typography.Title>
              <GroupTable
                groupTitle={t('approvals.step')}
                rows={approvals.steps}
                totals={approvals.totals}
                name={(f) => f.name}
              />
            </Col>
            <Col xs={24} xl={12} data-testid="approvals-by-department">
              <Typography.Title level={5}>{t('approvals.by_department')}</Typography.Title>
              <GroupTable
                groupTitle={t('table.department')}
                rows={approvals.departments}
                totals={approvals.totals}
                name={(f) => (f.department_id ? f.name : t('no_department'))}
              />
            </Col>
          </Row>
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.empty')} />
      )}
    </Card>
  );
}
