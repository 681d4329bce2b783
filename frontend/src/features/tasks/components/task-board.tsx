import { App, Badge, Card, Empty, Flex, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageSpinner } from '@/components/ui/query-fallback';
import { taskPath } from '@/config/paths';
import { taskQuery } from '@/features/tasks/api/get-task';
import { useTasks, type TaskListParams } from '@/features/tasks/api/list-tasks';
import { WORKFLOW, type TaskStatus, type TaskSummaryDto } from '@/features/tasks/api/types';
import { useUpdateTask } from '@/features/tasks/api/update-task';
import { Deadline, PercentBar, PriorityTag } from '@/features/tasks/components/task-tags';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

export const BOARD_COLUMNS: TaskStatus[] = ['draft', 'published', 'in_progress', 'pending_review', 'done'];
const BOARD_LIMIT = 100;

type Drag = { task: TaskSummaryDto; allowed: TaskStatus[] };

function BoardCard({ task, onDragStart, onDragEnd }: { task: TaskSummaryDto; onDragStart: () => void; onDragEnd: () => void }) {
  return (
    <Card
      size="small"
      draggable
      onDragStart={(e: DragEvent<HTMLDivElement>) => {
        e.dataTransfer?.setData('text/plain', task.id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      data-testid={`board-card-${task.id}`}
      style={{ cursor: 'grab' }}
    >
      <Link to={taskPath(task.id)} draggable={false}>
        <Typography.Text strong>{task.title}</Typography.Text>
      </Link>
      <Flex gap={4} wrap style={{ marginTop: 4 }}>
        <PriorityTag priority={task.priority} />
      </Flex>
      <PercentBar percent={task.percent} />
      <Flex justify="space-between" align="center" wrap gap={4}>
        <Deadline dueAt={task.due_at} overdue={task.is_overdue} />
        <Typography.Text type="secondary">{task.owner.name}</Typography.Text>
      </Flex>
    </Card>
  );
}

/**
 * 看板: one column per open status. Dragging a card shows which columns accept it (the task's
 * allowed transitions, fetched on drag start; the workflow until then); the server has the last word.
 */
export function TaskBoard({ filters }: { filters: TaskListParams }) {
  const { t } = useTranslation('tasks');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const queryClient = useQueryClient();
  const statusFilter = filters.status?.split(',').filter(Boolean);
  const columns = statusFilter?.length ? BOARD_COLUMNS.filter((c) => statusFilter.includes(c)) : BOARD_COLUMNS;
  const tasks = useTasks({ ...filters, status: columns.join(','), pageSize: BOARD_LIMIT });
  const update = useUpdateTask();
  const [drag, setDrag] = useState<Drag | null>(null);
  const [over, setOver] = useState<TaskStatus | null>(null);
  // Moves not yet confirmed by the server: shown at once, rolled back on failure.
  const [moved, setMoved] = useState<Record<string, TaskStatus>>({});
  const rows = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  const total = tasks.data?.pages[0]?.total ?? 0;

  const startDrag = (task: TaskSummaryDto) => {
    const status = moved[task.id] ?? task.status;
    setDrag({ task, allowed: WORKFLOW[status] });
    queryClient.fetchQuery(taskQuery(task.id)).then(
      (full) => setDrag((d) => (d && d.task.id === task.id ? { ...d, allowed: full.allowed_transitions } : d)),
      () => undefined,
    );
  };

  const drop = (to: TaskStatus) => {
    const d = drag;
    setDrag(null);
    setOver(null);
    if (!d) return;
    const from = moved[d.task.id] ?? d.task.status;
    if (from === to) return;
    // A top-level task is completed on its page, with its 协作总结 (完成任务).
    if (to === 'done' && d.task.parent_id === null) {
      void notify.info(t('board.complete_with_summary'));
      return;
    }
    if (!d.allowed.includes(to)) {
      void notify.warning(t('board.drop_refused', { from: t(`status.${from}`), to: t(`status.${to}`) }));
      return;
    }
    setMoved((m) => ({ ...m, [d.task.id]: to }));
    const version = queryClient.getQueryData(taskQuery(d.task.id).queryKey)?.version ?? d.task.version;
    update.mutate(
      { id: d.task.id, version, body: { status: to } },
      {
        onSuccess: () => void notify.success(t('board.moved', { status: t(`status.${to}`) })),
        onError: (err) => {
          const e = asApiError(err);
          void notify.error(e.code === 'version_mismatch' ? t('edit.conflict') : message(e));
        },
        onSettled: () =>
          setMoved((m) => {
            const { [d.task.id]: _, ...rest } = m;
            return rest;
          }),
      },
    );
  };

  if (tasks.isLoading) return <PageSpinner />;

  return (
    <>
      {tasks.error && <Typography.Text type="danger">{message(tasks.error)}</Typography.Text>}
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${columns.length}, minmax(220px, 1fr))`, gap: 12, overflowX: 'auto' }}>
        {columns.map((status) => {
          const cards = rows.filter((r) => (moved[r.id] ?? r.status) === status);
          const accepts = drag ? drag.allowed.includes(status) : false;
          const isSource = drag ? (moved[drag.task.id] ?? drag.task.status) === status : false;
          return (
            <div
              key={status}
              data-testid={`board-column-${status}`}
              aria-label={t(`status.${status}`)}
              onDragOver={(e) => {
                // Only allowed columns accept the drop (the browser shows "no entry" elsewhere).
                if (accepts) {
                  e.preventDefault();
                  if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
                }
                if (over !== status) setOver(status);
              }}
              onDragLeave={() => setOver((o) => (o === status ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                drop(status);
              }}
              style={{
                background: drag && accepts ? (over === status ? '#d6e4ff' : '#f0f5ff') : '#f5f7fa',
                border: `2px dashed ${drag && accepts ? '#1f6feb' : 'transparent'}`,
                opacity: drag && !accepts && !isSource ? 0.5 : 1,
                borderRadius: 8,
                padding: 8,
                minHeight: 240,
                transition: 'background 0.15s',
              }}
            >
              <Flex justify="space-between" align="center" style={{ padding: '4px 4px 8px' }}>
                <Typography.Text strong>{t(`status.${status}`)}</Typography.Text>
                <Badge count={cards.length} showZero color="#8c8c8c" />
              </Flex>
              <Flex vertical gap={8}>
                {cards.map((task) => (
                  <BoardCard
                    key={task.id}
                    task={task}
                    onDragStart={() => startDrag(task)}
                    onDragEnd={() => {
                      setDrag(null);
                      setOver(null);
                    }}
                  />
                ))}
                {cards.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.empty')} />}
              </Flex>
            </div>
          );
        })}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('board.hidden_note')}
        {total > rows.length ? ` ${t('board.truncated', { count: BOARD_LIMIT })}` : ''}
      </Typography.Paragraph>
    </>
  );
}
