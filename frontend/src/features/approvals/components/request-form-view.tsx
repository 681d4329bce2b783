import { useQuery } from '@tanstack/react-query';
import { Descriptions, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import type { MoneyDto, RequestForm, RequestLine } from '@/features/approvals/api/types';
import { formatDay, formatMoney, formatNumber } from '@/lib/format';

/** How much a line asks for: an amount, people × days, or a quantity. */
function LineAmount({ line }: { line: RequestLine }) {
  const { t, i18n } = useTranslation(['approvals', 'common']);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  if (line.kind === 'budget' && line.amount && line.currency) {
    return <>{formatMoney({ amount: line.amount, currency: line.currency }, lng)}</>;
  }
  if (line.kind === 'people_days' && line.people && line.days) {
    return <>{t('form.people_days_value', { people: formatNumber(line.people, lng), days: formatNumber(line.days, lng) })}</>;
  }
  if (line.quantity) return <>{t('form.quantity_value', { quantity: formatNumber(line.quantity, lng) })}</>;
  return <>{t('common:empty')}</>;
}

/** A request form, read only: the lines, the departments asked, why, by when, the budget total. */
export function RequestFormView({ form, total }: { form: RequestForm; total?: MoneyDto | null }) {
  const { t, i18n } = useTranslation(['approvals', 'common']);
  const departments = useQuery(departmentOptionsQuery());
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const empty = t('common:empty');
  const deptName = (id: string) => departments.data?.find((d) => d.id === id)?.name ?? id;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="request-form-view">
      <Table<RequestLine & { n: number }>
        size="small"
        rowKey="n"
        pagination={false}
        dataSource={form.lines.map((l, n) => ({ ...l, n }))}
        columns={[
          { title: '#', key: 'n', width: 48, render: (_: unknown, l) => l.n + 1 },
          { title: t('form.kind'), key: 'kind', width: 140, render: (_: unknown, l) => t(`kinds.${l.kind}`) },
          { title: t('form.description'), dataIndex: 'description', key: 'description' },
          { title: t('form.amount_column'), key: 'amount', align: 'right', render: (_: unknown, l) => <LineAmount line={l} /> },
        ]}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'total',
            label: t('form.total'),
            children: total ? <Typography.Text strong>{formatMoney(total, lng)}</Typography.Text> : empty,
          },
          { key: 'needed_by', label: t('form.needed_by'), children: formatDay(form.needed_by, lng) || empty },
          {
            key: 'departments',
            label: t('form.departments'),
            span: 2,
            children: (form.department_ids ?? []).map(deptName).join(t('common:list_sep')) || empty,
          },
          {
            key: 'justification',
            label: t('form.justification'),
            span: 2,
            children: <span style={{ whiteSpace: 'pre-wrap' }}>{form.justification}</span>,
          },
        ]}
      />
    </Space>
  );
}
