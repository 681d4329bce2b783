import { Alert, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyTasks } from '@/features/tasks/api/list-my-tasks';
import type { MyView } from '@/features/tasks/api/types';
import { TaskTable } from '@/features/tasks/components/task-table';
import { useErrorMessage } from '@/lib/error-message';

const VIEWS: MyView[] = ['to_act', 'owned', 'collaborating'];

function MyTasksView({ view }: { view: MyView }) {
  const { t } = useTranslation('tasks');
  const { message } = useErrorMessage();
  const tasks = useMyTasks(view);
  const rows = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {tasks.error && <Alert type="error" showIcon message={message(tasks.error)} style={{ marginBottom: 16 }} />}
      <TaskTable
        rows={rows}
        loading={tasks.isLoading}
        total={tasks.data?.pages[0]?.total}
        hasMore={tasks.hasNextPage}
        loadingMore={tasks.isFetchingNextPage}
        onLoadMore={() => void tasks.fetchNextPage()}
        emptyText={view === 'to_act' ? t('mine.empty_to_act') : t('mine.empty')}
      />
    </>
  );
}

/** 我的工作: tasks waiting for me, tasks I own, tasks I help with. */
export function MyTasks() {
  const { t } = useTranslation('tasks');
  const [view, setView] = useState<MyView>('to_act');
  return (
    <Card styles={{ body: { paddingTop: 8 } }}>
      <Tabs
        activeKey={view}
        onChange={(k) => setView(k as MyView)}
        destroyOnHidden
        items={VIEWS.map((v) => ({ key: v, label: t(`mine.${v}`), children: <MyTasksView view={v} /> }))}
      />
    </Card>
  );
}
