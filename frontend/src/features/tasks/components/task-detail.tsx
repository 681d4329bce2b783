import { DownOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Flex,
  List,
  Popconfirm,
  Row,
  Space,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { ExportButton } from '@/components/ui/export-button';
import { QueryFallback } from '@/components/ui/query-fallback';
import { paths, taskPath } from '@/config/paths';
import { useDeleteTask } from '@/features/tasks/api/delete-task';
import { taskGraphQuery } from '@/features/tasks/api/dependencies';
import { useTask } from '@/features/tasks/api/get-task';
import { usePublishTask } from '@/features/tasks/api/publish-task';
import type { TaskDto, TaskGraphDto, TaskStatus } from '@/features/tasks/api/types';
import { useUpdateTask } from '@/features/tasks/api/update-task';
import { ProgressModal } from '@/features/tasks/components/progress-modal';
import { SubtaskModal } from '@/features/tasks/components/subtask-modal';
import { DepartmentResponses } from '@/features/tasks/components/department-responses';
import { EscalationNotice, SlaCalendarNote } from '@/features/tasks/components/escalation-notice';
import { TaskDependencies } from '@/features/tasks/components/task-dependencies';
import { TaskEditDrawer } from '@/features/tasks/components/task-edit-drawer';
import { TaskHistory } from '@/features/tasks/components/task-history';
import { TaskParticipants } from '@/features/tasks/components/task-participants';
import { TaskTable } from '@/features/tasks/components/task-table';
import { Deadline, PercentBar, PriorityTag, ScenarioTag, StatusTag } from '@/features/tasks/components/task-tags';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatDate, formatDateTime } from '@/lib/format';

/** A top-level task is marked done through 完成任务 with its summary: the status menus leave `done` out. */
function completesElsewhere(task: Pick<TaskDto, 'parent_id'>): boolean {
  return task.parent_id === null;
}

function TextBlock({ text }: { text: string }) {
  const { t } = useTranslation('tasks');
  return text.trim() ? (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text}</Typography.Paragraph>
  ) : (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
      {t('detail.none')}
    </Typography.Paragraph>
  );
}

/** What the caller may do, as buttons: only actions the task's capabilities allow. */
function TaskActions({ task }: { task: TaskDto }) {
  const { t } = useTranslation(['tasks', 'common', 'exports']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const navigate = useNavigate();
  const publish = usePublishTask();
  const update = useUpdateTask();
  const remove = useDeleteTask();
  const [editing, setEditing] = useState(false);
  const [progressOpen, setProgressOpen] = useState(false);
  const [splitting, setSplitting] = useState(false);
  const caps = task.capabilities;
  const canPublish = task.status === 'draft' && task.allowed_transitions.includes('published');
  // A top-level task is marked done with its 协作总结 (完成任务, composed by the route), not here.
  const transitions = task.allowed_transitions.filter(
    (s) => !(canPublish && s === 'published') && !(s === 'done' && completesElsewhere(task)),
  );

  const onError = (err: unknown) => {
    const e = asApiError(err);
    void notify.error(e.code === 'version_mismatch' ? t('edit.conflict') : message(e));
  };

  const doPublish = () =>
    publish.mutate(task.id, { onSuccess: () => void notify.success(t('actions.published')), onError });

  const changeStatus = (status: TaskStatus) =>
    update.mutate(
      { id: task.id, version: task.version, body: { status } },
      { onSuccess: () => void notify.success(t('actions.status_changed', { status: t(`status.${status}`) })), onError },
    );

  return (
    <Space wrap>
      {canPublish && (
        <Popconfirm
          title={t('actions.publish_confirm')}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          onConfirm={doPublish}
        >
          <Button type="primary" loading={publish.isPending}>
            {t('actions.publish')}
          </Button>
        </Popconfirm>
      )}
      {caps.can_update_progress && !['draft', 'archived', 'cancelled'].includes(task.status) && (
        <Button type={canPublish ? 'default' : 'primary'} onClick={() => setProgressOpen(true)}>
          {t('actions.update_progress')}
        </Button>
      )}
      {!caps.can_update_progress && ['published', 'in_progress'].includes(task.status) && (
        <Typography.Text type="secondary" data-testid="progress-by-owner">
          {t('actions.progress_by_owner', { owner: task.owner.name })}
        </Typography.Text>
      )}
      {transitions.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: transitions.map((s) => ({ key: s, label: t(`status.${s}`) })),
            onClick: ({ key }) => changeStatus(key as TaskStatus),
          }}
        >
          <Button loading={update.isPending}>
            <Space size={4}>
              {t('actions.change_status')}
              <DownOutlined />
            </Space>
          </Button>
        </Dropdown>
      )}
      {caps.can_split && <Button onClick={() => setSplitting(true)}>{t('actions.split')}</Button>}
      {caps.can_edit && <Button onClick={() => setEditing(true)}>{t('actions.edit')}</Button>}
      <ExportButton request={{ kind: 'task_progress', task_id: task.id }} label={t('exports:task_progress')} />
      {caps.can_delete && (
        <AsyncPopconfirm
          title={t('actions.delete_confirm_title', { title: task.title })}
          description={t('actions.delete_confirm')}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            remove.mutateAsync(task.id).then(
              () => {
                void notify.success(t('actions.deleted'));
                void navigate(task.parent_id ? taskPath(task.parent_id) : paths.tasks);
              },
              onError,
            )
          }
        >
          <Button danger>{t('actions.delete')}</Button>
        </AsyncPopconfirm>
      )}
      {caps.can_edit && <TaskEditDrawer task={task} open={editing} onClose={() => setEditing(false)} />}
      {caps.can_update_progress && (
        <ProgressModal task={task} open={progressOpen} onClose={() => setProgressOpen(false)} />
      )}
      {caps.can_split && <SubtaskModal parent={task} open={splitting} onClose={() => setSplitting(false)} />}
    </Space>
  );
}

/**
 * The open tasks under `rootId` whose predecessors push their earliest finish past their
 * deadline, with the whole days they would be late, latest first.
 */
export function slippingSubtasks(rootId: string, graph: TaskGraphDto | undefined): { title: string; days: number }[] {
  const DAY = 86_400_000;
  return (graph?.nodes ?? [])
    .filter((n) => n.id !== rootId && n.parent_id !== null && n.status !== 'done' && n.status !== 'cancelled' && n.status !== 'archived')
    .flatMap((n) => {
      const late = n.earliest_finish_at ? Date.parse(n.earliest_finish_at) - Date.parse(n.due_at) : 0;
      return late > 0 ? [{ title: n.title, days: Math.ceil(late / DAY) }] : [];
    })
    .sort((a, b) => b.days - a.days);
}

/**
 * `discussion`: the conversation (the comments feature), shown below the tabs, never hidden in one; `meetings`: the 会议 tab's (the
 * meetings feature); `files`: the 文件 tab's (the files feature); `request`: the 资源申请 tab's,
 * first (the approvals feature, for resource-request tasks); `collections`: the 收集 tab's, first
 * (the collections feature, for info-sync tasks); `summary`: the 协作总结 tab's, first (the cases
 * feature, for done and archived top-level tasks); `actions`: more buttons next to the task's own
 * (e.g. 求助, 完成任务). All are composed by the route. `?tab=` opens a tab (e.g. `request`).
 */
export function TaskDetail({
  taskId,
  discussion,
  meetings,
  files,
  request,
  collections,
  summary,
  actions,
}: {
  taskId: string;
  summary?: ReactNode;
  discussion?: ReactNode;
  meetings?: ReactNode;
  files?: ReactNode;
  request?: ReactNode;
  collections?: ReactNode;
  actions?: ReactNode;
}) {
  const { t, i18n } = useTranslation(['tasks', 'common']);
  const { data: me } = useCurrentUser();
  const query = useTask(taskId);
  const [searchParams, setSearchParams] = useSearchParams();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const tz = me?.time_zone;
  // The tree's schedule (for tasks with subtasks): which subtasks the dependencies push past their deadline.
  const graph = useQuery({ ...taskGraphQuery(taskId), enabled: (query.data?.subtask_count ?? 0) > 0 });
  const loaded = !!query.data;
  const askedForDiscussion = searchParams.get('tab') === 'discussion';
  // `?tab=discussion` (a search hit in a comment) brings the conversation into view.
  useEffect(() => {
    if (loaded && askedForDiscussion) document.getElementById('task-discussion')?.scrollIntoView?.({ block: 'start' });
  }, [loaded, askedForDiscussion]);

  if (query.error || !query.data) return <QueryFallback query={query} />;
  const task = query.data;
  const empty = t('common:empty');

  const slipping = slippingSubtasks(task.id, graph.data);
  const tabs = [
    ...(summary ? [{ key: 'summary', label: t('detail.tabs.summary'), children: summary }] : []),
    ...(request ? [{ key: 'request', label: t('detail.tabs.request'), children: request }] : []),
    ...(collections ? [{ key: 'collections', label: t('detail.tabs.collections'), children: collections }] : []),
    {
      key: 'subtasks',
      label: `${t('detail.tabs.subtasks')} (${task.subtasks.length})`,
      children: (
        <>
          {task.open_subtask_count > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('detail.open_subtasks', { open: task.open_subtask_count, count: task.subtask_count })}
            />
          )}
          {slipping.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="slipping-subtasks"
              message={t('detail.slipping', {
                list: slipping.map((x) => t('detail.slipping_item', { title: x.title, days: x.days })).join(t('common:list_sep')),
              })}
            />
          )}
          <TaskTable rows={task.subtasks} loading={false} emptyText={t('detail.no_subtasks')} />
        </>
      ),
    },
    {
      key: 'dependencies',
      // The whole tree's dependencies once its graph is there (a parent's own edges are few).
      label: `${t('detail.tabs.dependencies')} (${graph.data?.edges.length ?? task.predecessors.length + task.successors.length})`,
      children: <TaskDependencies task={task} />,
    },
    {
      key: 'progress',
      label: t('detail.tabs.progress'),
      children:
        task.progress.length === 0 ? (
          <Empty description={t('detail.no_progress')} />
        ) : (
          <Timeline
            style={{ marginTop: 16 }}
            items={task.progress.map((p) => ({
              key: p.id,
              children: (
                <Space direction="vertical" size={2}>
                  <Space wrap>
                    <Typography.Text strong>{p.author.name}</Typography.Text>
                    <StatusTag status={p.status} />
                    <Typography.Text>{p.percent}%</Typography.Text>
                    <Typography.Text type="secondary">{formatDateTime(p.created_at, lng, tz)}</Typography.Text>
                  </Space>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{p.note}</Typography.Text>
                </Space>
              ),
            }))}
          />
        ),
    },
    ...(meetings ? [{ key: 'meetings', label: t('detail.tabs.meetings'), children: meetings }] : []),
    ...(files ? [{ key: 'files', label: t('detail.tabs.files'), children: files }] : []),
    { key: 'participants', label: t('participants.tab'), children: <TaskParticipants task={task} /> },
    { key: 'history', label: t('detail.tabs.history'), children: <TaskHistory taskId={task.id} /> },
  ];
  const wanted = searchParams.get('tab');

  const activeTab = tabs.some((x) => x.key === wanted) ? (wanted as string) : tabs[0]!.key;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Flex justify="space-between" align="start" gap={16} wrap>
          <Space direction="vertical" size={8}>
            {task.parent_id ? (
              <Link to={taskPath(task.parent_id)}>← {t('fields.parent')}</Link>
            ) : (
              <Link to={paths.tasks}>← {t('detail.back')}</Link>
            )}
            <Typography.Title level={3} style={{ margin: 0 }}>
              {task.title}
            </Typography.Title>
            <Space size={4} wrap>
              <ScenarioTag scenario={task.scenario} />
              <StatusTag status={task.status} />
              <PriorityTag priority={task.priority} />
              {task.is_overdue && <Tag color="red">{t('overdue')}</Tag>}
              {task.is_blocked && <Tag color="orange">{t('detail.blocked')}</Tag>}
              {task.is_at_risk && <Tag color="volcano">{t('detail.at_risk')}</Tag>}
              {slipping.length > 0 && (
                <Tag color="volcano">{t('detail.subtasks_at_risk', { count: slipping.length })}</Tag>
              )}
            </Space>
          </Space>
          <Space wrap align="start">
            <TaskActions task={task} />
            {actions}
          </Space>
        </Flex>
        <EscalationNotice task={task} timeZone={tz} />
        <SlaCalendarNote task={task} />
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'owner', label: t('fields.owner'), children: task.owner.name },
            { key: 'due', label: t('fields.due_at'), children: <Deadline dueAt={task.due_at} overdue={task.is_overdue} /> },
            {
              key: 'percent',
              label: t('fields.percent'),
              children: (
                <div style={{ width: 180 }}>
                  <PercentBar percent={task.percent} />
                </div>
              ),
            },
            {
              key: 'initiating',
              label: t('fields.initiating_department_id'),
              children: task.initiating_department?.name ?? empty,
            },
            {
              key: 'departments',
              label: t('fields.departments'),
              children: task.departments.map((d) => d.name).join(t('common:list_sep')) || empty,
            },
            {
              key: 'collaborators',
              label: t('fields.collaborator_ids'),
              children: task.collaborators.map((u) => u.name).join(t('common:list_sep')) || empty,
            },
            { key: 'start', label: t('fields.start_at'), children: formatDate(task.start_at, lng, tz) },
            { key: 'created_by', label: t('fields.created_by'), children: task.created_by.name },
            { key: 'visibility', label: t('fields.visibility'), children: t(`visibility.${task.visibility}`) },
            ...(task.review_rounds > 0
              ? [{ key: 'rounds', label: t('fields.review_rounds'), children: String(task.review_rounds) }]
              : []),
          ]}
        />
        {task.predecessors.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type={task.is_blocked ? 'warning' : 'success'}
            showIcon
            message={t(task.is_blocked ? 'detail.waiting_for' : 'detail.predecessors_done', {
              tasks: task.predecessors
                .filter((d) => !task.is_blocked || !d.is_satisfied)
                .map((d) => t('common:with_note', { text: d.task.title, note: t(`status.${d.task.status}`) }))
                .join(t('common:list_sep')),
            })}
          />
        )}
        <DepartmentResponses task={task} />
      </Card>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <Card title={t('detail.goal_section')} style={{ height: '100%' }}>
            <Typography.Text strong>{t('fields.goal')}</Typography.Text>
            <TextBlock text={task.goal} />
            <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
              {t('fields.milestones')}
            </Typography.Text>
            {task.milestones.length === 0 ? (
              <Typography.Text type="secondary">{t('detail.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={task.milestones}
                renderItem={(m) => (
                  <List.Item>
                    <Space>
                      <Tag color={m.done_at ? 'success' : 'default'}>
                        {m.done_at ? t('detail.milestone_done') : t('detail.milestone_open')}
                      </Tag>
                      <span>{m.name}</span>
                    </Space>
                    <Typography.Text type="secondary">{formatDate(m.due_at, lng, tz)}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('detail.resources_section')} style={{ height: '100%' }}>
            <Typography.Text strong>{t('fields.resources')}</Typography.Text>
            <TextBlock text={task.resources} />
            <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
              {t('fields.risks')}
            </Typography.Text>
            <TextBlock text={task.risks} />
          </Card>
        </Col>
      </Row>
      {/* The conversation below the tabs, full width: always in view, never behind a tab. */}
      <Row gutter={[16, 16]} align="top">
        <Col span={24}>
          <Card styles={{ body: { paddingTop: 8 } }}>
            <Tabs
              activeKey={activeTab}
              onChange={(key) => setSearchParams({ tab: key }, { replace: true })}
              items={tabs}
            />
          </Card>
        </Col>
        {discussion && (
          <Col span={24}>
            <Card title={t('detail.tabs.discussion')} id="task-discussion">
              {discussion}
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
