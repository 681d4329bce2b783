import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import { useFlows } from '@/features/approvals/api/list-flows';
import type { Conditions, FlowDto } from '@/features/approvals/api/types';
import { FlowDesigner } from '@/features/approvals/components/flow-designer';
import { ModeTag } from '@/features/approvals/components/status-tags';
import { useErrorMessage } from '@/lib/error-message';
import { formatMoney } from '@/lib/format';

/** A condition in words: 预算 · 市场部 · ≥ ¥50,000 (or 任何申请). */
function useConditionText() {
  const { t, i18n } = useTranslation('approvals');
  const departments = useQuery(departmentOptionsQuery());
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  return (c: Conditions | null | undefined): string => {
    const parts: string[] = [];
    if (c?.resource_kinds?.length) parts.push(c.resource_kinds.map((k) => t(`kinds.${k}`)).join('/'));
    if (c?.department_ids?.length)
      parts.push(c.department_ids.map((id) => departments.data?.find((d) => d.id === id)?.name ?? id).join('/'));
    if (c?.min_amount && c.currency) parts.push(`≥ ${formatMoney({ amount: c.min_amount, currency: c.currency }, lng)}`);
    return parts.length ? parts.join(' · ') : t('flows.always');
  };
}

/** 审批流 (administrators): the flows in the order they are tried; create and edit them. */
export function FlowsPage() {
  const { t } = useTranslation(['approvals', 'common']);
  const { message } = useErrorMessage();
  const flows = useFlows();
  const conditionText = useConditionText();
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);

  const columns = [
    { title: t('flows.columns.position'), dataIndex: 'position', key: 'position', width: 80 },
    {
      title: t('flows.columns.name'),
      key: 'name',
      render: (_: unknown, f: FlowDto) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{f.name}</Typography.Text>
          {f.description && <Typography.Text type="secondary">{f.description}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('flows.columns.conditions'), key: 'conditions', render: (_: unknown, f: FlowDto) => conditionText(f.conditions) },
    {
      title: t('flows.columns.steps'),
      key: 'steps',
      render: (_: unknown, f: FlowDto) => (
        <Space direction="vertical" size={2}>
          {f.steps.map((s, i) => (
            <Space key={i} size={4} wrap>
              <span>
                {i + 1}. {s.name}
              </span>
              <ModeTag mode={s.mode} />
              {s.when && <Typography.Text type="secondary">（{conditionText(s.when)}）</Typography.Text>}
            </Space>
          ))}
        </Space>
      ),
    },
    {
      title: t('flows.columns.sla'),
      key: 'sla',
      render: (_: unknown, f: FlowDto) => t('flows.sla_hours', { hours: f.sla_working_hours }),
    },
    {
      title: t('flows.columns.status'),
      key: 'status',
      render: (_: unknown, f: FlowDto) =>
        f.is_active ? <Tag color="green">{t('flows.active')}</Tag> : <Tag>{t('flows.inactive')}</Tag>,
    },
    {
      title: t('flows.columns.actions'),
      key: 'actions',
      render: (_: unknown, f: FlowDto) => (
        <Button size="small" onClick={() => setEditing({ id: f.id })} aria-label={`${t('common:actions.edit')} ${f.name}`}>
          {t('common:actions.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('flows.title')}
      extra={
        <Button type="primary" onClick={() => setEditing({ id: null })}>
          {t('flows.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('flows.description')}</Typography.Paragraph>
      {flows.error && <Alert type="error" showIcon message={message(flows.error)} style={{ marginBottom: 16 }} />}
      <Table<FlowDto>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={flows.isLoading}
        columns={columns}
        dataSource={flows.data ?? []}
        locale={{ emptyText: t('flows.empty') }}
      />
      <FlowDesigner flowId={editing?.id ?? null} open={editing !== null} onClose={() => setEditing(null)} />
    </Card>
  );
}
