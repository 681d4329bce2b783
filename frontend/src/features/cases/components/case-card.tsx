import { Card, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { casePath } from '@/config/paths';
import type { CaseCardDto } from '@/features/cases/api/types';
import { CaseTags, OutcomeTag, useQuarterLabel } from '@/features/cases/components/labels';

/** One case in the library: what it was, who ran it, when it ended and how, and what it achieved. */
export function CaseCard({ item }: { item: CaseCardDto }) {
  const { t } = useTranslation(['cases', 'tasks', 'common']);
  const quarter = useQuarterLabel();
  const task = item.task;
  const departments = task.departments.map((d) => d.name).join(t('common:list_sep')) || t('common:empty');
  return (
    <Card
      size="small"
      data-testid="case-card"
      data-case-id={task.id}
      title={
        <Link to={casePath(task.id)} style={{ whiteSpace: 'normal' }}>
          {task.title}
        </Link>
      }
      extra={<Tag color={task.scenario === 'emergency' ? 'volcano' : 'geekblue'}>{t(`tasks:scenario.${task.scenario}`)}</Tag>}
      style={{ height: '100%' }}
      styles={{ header: { paddingBlock: 8 } }}
    >
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Flex wrap gap={8} justify="space-between" align="center">
          <OutcomeTag outcome={item.outcome} daysLate={item.days_late} />
          <Typography.Text type="secondary">{quarter(item.quarter)}</Typography.Text>
        </Flex>
        <Typography.Text type="secondary">
          {t('card.owner', { name: task.owner.name })} · {t('card.departments', { names: departments })}
        </Typography.Text>
        {item.summary_outcome ? (
          <Typography.Paragraph ellipsis={{ rows: 3, tooltip: item.summary_outcome }} style={{ marginBottom: 0 }}>
            {item.summary_outcome}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{t('card.no_summary')}</Typography.Text>
        )}
        <CaseTags tags={item.tags} emptyText={false} />
      </Space>
    </Card>
  );
}
