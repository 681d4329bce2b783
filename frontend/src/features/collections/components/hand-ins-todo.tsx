import { Alert, Card, List, Space, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { taskTabPath } from '@/config/paths';
import { useMyHandIns } from '@/features/collections/api/my-hand-ins';
import { collectionsKey } from '@/features/collections/api/types';
import { SubmissionStatusTag, unitName } from '@/features/collections/components/labels';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/** The titles of the collections named (one GET each: a person has a few open hand-ins). */
function useCollectionTitles(refs: { id: string; taskId: string }[]): Map<string, string> {
  const results = useQueries({
    queries: refs.map(({ id, taskId }) => ({
      queryKey: [...collectionsKey(taskId), 'one', id],
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/collections/{collection_id}', { params: { path: { collection_id: id } } })),
      staleTime: 60_000,
    })),
  });
  return new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data.title] as const] : [])));
}

/**
 * 待我提交 on 我的工作: the open hand-ins the caller answers for, soonest deadline first, each a
 * link to its task's 收集 tab. Shows nothing while there is nothing to hand in.
 */
export function HandInsTodo({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation('collections');
  const { message } = useErrorMessage();
  const query = useMyHandIns();
  const items = query.data ?? [];
  const seen = new Map(items.map((s) => [s.collection_id, { id: s.collection_id, taskId: s.task_id }]));
  const titles = useCollectionTitles([...seen.values()]);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  if (query.error) return <Alert type="error" showIcon message={message(query.error)} />;
  if (items.length === 0) return null;
  return (
    <Card title={`${t('my.title')} (${items.length})`} size="small" data-testid="hand-ins-todo">
      <List
        size="small"
        dataSource={items}
        renderItem={(s) => (
          <List.Item
            data-testid="hand-in-todo"
            extra={<Link to={taskTabPath(s.task_id, 'collections')}>{t('my.open')}</Link>}
          >
            <Space direction="vertical" size={0}>
              <Space wrap size={4}>
                <Link to={taskTabPath(s.task_id, 'collections')}>
                  <Typography.Text strong>{titles.get(s.collection_id) ?? t('my.collection')}</Typography.Text>
                </Link>
                <Typography.Text type="secondary">· {unitName(s)}</Typography.Text>
                <SubmissionStatusTag submission={s} />
              </Space>
              <Typography.Text type={s.missing ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('my.due', { due: formatDateTime(s.due_at, lng, timeZone) })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
