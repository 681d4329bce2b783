import { Card, Col, Descriptions, Empty, Row, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FiguresDto, TaskSummaryTextDto } from '@/features/cases/api/types';
import { useDaysLabel } from '@/features/cases/components/labels';
import { formatDate, formatDateTime, formatNumber } from '@/lib/format';

type DepartmentRow = FiguresDto['departments'][number];
type HandoffRow = FiguresDto['handoffs'][number];

function Field({ label, text }: { label: string; text: string }) {
  const { t } = useTranslation('cases');
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{label}</Typography.Text>
      {text.trim() ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text}</Typography.Paragraph>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('summary.empty_field')}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/**
 * The figures the platform derived when the task was marked done: planned vs actual, days gained
 * or lost, review rounds, the mean hand-off wait, each department's on-time count and each hand-off.
 */
export function SummaryFigures({ figures, timeZone }: { figures: FiguresDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('cases');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const days = useDaysLabel();
  const hours = (h: number) => t('figures.hours', { hours: formatNumber(Math.round(h * 10) / 10, lng) });
  const rate = (d: DepartmentRow) =>
    d.subtasks > 0 ? new Intl.NumberFormat(lng, { style: 'percent' }).format(d.on_time / d.subtasks) : '—';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="summary-figures">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, xxl: 3 }}
        items={[
          {
            key: 'planned',
            label: t('figures.planned'),
            children: t('figures.range', {
              start: formatDate(figures.planned_start, lng, timeZone),
              due: formatDate(figures.planned_due, lng, timeZone),
            }),
          },
          { key: 'completed', label: t('figures.completed_at'), children: formatDateTime(figures.completed_at, lng, timeZone) },
          {
            key: 'deadline',
            label: t('figures.deadline'),
            children: (
              <Typography.Text type={figures.days_late > 0 ? 'danger' : 'success'} data-testid="figures-days">
                {days(figures.days_late)}
              </Typography.Text>
            ),
          },
          { key: 'rounds', label: t('figures.review_rounds'), children: t('figures.rounds', { count: figures.review_rounds }) },
          {
            key: 'wait',
            label: t('figures.mean_wait'),
            children: figures.mean_wait_hours === null ? t('figures.no_wait') : hours(figures.mean_wait_hours),
          },
        ]}
      />
      <div>
        <Typography.Text strong>{t('figures.departments')}</Typography.Text>
        <Table<DepartmentRow>
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowKey={(d) => d.department?.id ?? 'none'}
          dataSource={figures.departments}
          locale={{ emptyText: t('figures.no_departments') }}
          data-testid="figures-departments"
          columns={[
            { key: 'department', title: t('figures.department'), render: (_, d) => d.department?.name ?? t('figures.no_department') },
            { key: 'subtasks', title: t('figures.subtasks'), dataIndex: 'subtasks', align: 'right' },
            { key: 'on_time', title: t('figures.on_time'), dataIndex: 'on_time', align: 'right' },
            {
              key: 'late',
              title: t('figures.late'),
              align: 'right',
              render: (_, d) => <Typography.Text type={d.late > 0 ? 'danger' : undefined}>{d.late}</Typography.Text>,
            },
            { key: 'rate', title: t('figures.rate'), align: 'right', render: (_, d) => rate(d) },
          ]}
        />
      </div>
      {figures.handoffs.length > 0 && (
        <div>
          <Typography.Text strong>{t('figures.handoffs')}</Typography.Text>
          <Table<HandoffRow>
            size="small"
            style={{ marginTop: 8 }}
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowKey={(h) => `${h.from_task_id}-${h.to_task_id}`}
            dataSource={figures.handoffs}
            columns={[
              { key: 'from', title: t('figures.handoff_from'), dataIndex: 'from_title' },
              { key: 'to', title: t('figures.handoff_to'), dataIndex: 'to_title' },
              { key: 'wait', title: t('figures.wait'), align: 'right', render: (_, h) => hours(h.wait_hours) },
            ]}
          />
        </div>
      )}
    </Space>
  );
}

/** The 协作总结 as written (four parts) beside its figures. */
export function SummaryView({ summary, timeZone }: { summary: TaskSummaryTextDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('cases');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <Row gutter={[24, 24]} data-testid="summary-view">
      <Col xs={24} xl={10}>
        <Card size="small" title={t('summary.title')} style={{ height: '100%' }}>
          <Field label={t('summary.outcome')} text={summary.outcome} />
          <Field label={t('summary.went_well')} text={summary.went_well} />
          <Field label={t('summary.problems')} text={summary.problems} />
          <Field label={t('summary.lessons')} text={summary.lessons} />
          <Typography.Text type="secondary">
            {t('summary.written_by', { name: summary.written_by.name, date: formatDateTime(summary.written_at, lng, timeZone) })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('figures.title')} style={{ height: '100%' }}>
          <SummaryFigures figures={summary.figures} timeZone={timeZone} />
        </Card>
      </Col>
    </Row>
  );
}

/** In place of a summary where a task (e.g. one archived automatically) has none. */
export function NoSummary() {
  const { t } = useTranslation('cases');
  return <Empty description={t('summary.none')} />;
}
