import { Button, Card, Empty, Flex, List, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TaskSummaryDto } from '@/features/tasks/api/types';
import { Deadline, PercentBar, PriorityTag, StatusTag } from '@/features/tasks/components/task-tags';
import { taskPath } from '@/config/paths';
import { usePhone } from '@/lib/use-phone';

type Props = {
  rows: TaskSummaryDto[];
  loading: boolean;
  total?: number;
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  emptyText?: string;
};

/**
 * On a phone, one card per task: the title (the card's link), status and priority, progress,
 * deadline and owner, stacked to the screen's width.
 */
function TaskCards({ rows, loading, emptyText }: Pick<Props, 'rows' | 'loading' | 'emptyText'>) {
  const { t } = useTranslation(['tasks', 'common']);
  if (!loading && rows.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('empty')} />;
  }
  return (
    <List<TaskSummaryDto>
      loading={loading}
      dataSource={rows}
      split={false}
      rowKey="id"
      renderItem={(row) => (
        <List.Item style={{ padding: '4px 0' }}>
          <Card size="small" style={{ width: '100%' }} data-testid="task-card">
            <Link to={taskPath(row.id)} style={{ display: 'block', fontWeight: 500, fontSize: 15, marginBottom: 6 }}>
              {row.title}
            </Link>
            <Space size={4} wrap style={{ marginBottom: 6 }}>
              <StatusTag status={row.status} />
              <PriorityTag priority={row.priority} />
            </Space>
            <PercentBar percent={row.percent} />
            <Flex justify="space-between" gap={8} wrap style={{ marginTop: 4 }}>
              <Deadline dueAt={row.due_at} overdue={row.is_overdue} />
              <Typography.Text type="secondary">{row.owner.name}</Typography.Text>
            </Flex>
          </Card>
        </List.Item>
      )}
    />
  );
}

/** Tasks as a table: title, status, priority, progress, deadline, owner, departments (cards on a phone). */
export function TaskTable({ rows, loading, total, hasMore, loadingMore, onLoadMore, emptyText }: Props) {
  const { t } = useTranslation(['tasks', 'common']);
  const phone = usePhone();
  const columns: ColumnsType<TaskSummaryDto> = [
    {
      title: t('fields.title'),
      key: 'title',
      render: (_, row) => <Link to={taskPath(row.id)}>{row.title}</Link>,
    },
    { title: t('fields.status'), key: 'status', render: (_, row) => <StatusTag status={row.status} /> },
    { title: t('fields.priority'), key: 'priority', render: (_, row) => <PriorityTag priority={row.priority} /> },
    { title: t('fields.percent'), key: 'percent', width: 160, render: (_, row) => <PercentBar percent={row.percent} /> },
    {
      title: t('fields.due_at'),
      key: 'due_at',
      render: (_, row) => <Deadline dueAt={row.due_at} overdue={row.is_overdue} />,
    },
    { title: t('fields.owner'), key: 'owner', render: (_, row) => row.owner.name },
    {
      title: t('fields.departments'),
      key: 'departments',
      render: (_, row) => row.departments.map((d) => d.name).join(t('common:list_sep')) || t('common:empty'),
    },
  ];
  return (
    <>
      {phone ? (
        <TaskCards rows={rows} loading={loading} emptyText={emptyText} />
      ) : (
        <Table<TaskSummaryDto>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: emptyText ?? t('empty') }}
        />
      )}
      {(total !== undefined || hasMore) && (
        <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">
            {total !== undefined ? t('common:total', { count: total }) : null}
          </Typography.Text>
          {hasMore && (
            <Button onClick={onLoadMore} loading={loadingMore}>
              {t('common:actions.load_more')}
            </Button>
          )}
        </Flex>
      )}
    </>
  );
}
