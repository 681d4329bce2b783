import { Alert, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/ui/load-more';
import { useTaskHistory } from '@/features/tasks/api/list-task-history';
import type { HistoryEntryDto } from '@/features/tasks/api/types';
import { useErrorMessage } from '@/lib/error-message';

/** 动态: the server's sentence for each change, newest first. */
export function TaskHistory({ taskId }: { taskId: string }) {
  const { t } = useTranslation(['tasks', 'common']);
  const { message } = useErrorMessage();
  const history = useTaskHistory(taskId);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {history.error && <Alert type="error" showIcon message={message(history.error)} />}
      <List<HistoryEntryDto>
        size="small"
        loading={history.isLoading}
        dataSource={items}
        locale={{ emptyText: t('detail.no_history') }}
        renderItem={(e) => (
          <List.Item data-testid="history-entry">
            <Typography.Text>{e.summary}</Typography.Text>
          </List.Item>
        )}
      />
      <LoadMore pages={history} />
    </>
  );
}
