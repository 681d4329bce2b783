import { Alert, App, Button, Empty, Form, InputNumber, List, Segmented, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useTaskSearch } from '@/components/ui/task-select';
import { taskPath } from '@/config/paths';
import { useAddDependency, useRemoveDependency, useTaskGraph } from '@/features/tasks/api/dependencies';
import { DEPENDENCY_KINDS, type DependencyKind, type TaskDto, type TaskGraphDto } from '@/features/tasks/api/types';
import { CriticalPath, DependencyTimeline } from '@/features/tasks/components/dependency-timeline';
import { StatusTag } from '@/features/tasks/components/task-tags';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatDate } from '@/lib/format';

interface AddForm {
  /** `predecessor`: this task waits for the one picked; `successor`: the one picked waits for this task. */
  side: 'predecessor' | 'successor';
  other_id: string;
  kind: DependencyKind;
  lag_days: number;
}

/**
 * 添加依赖, from either side: pick a task this one waits for (前置任务) or one that waits for this
 * one (后续任务), the kind and the lag; a cycle is explained with the tasks it runs through.
 */
function AddDependency({ task, graph }: { task: TaskDto; graph: TaskGraphDto | undefined }) {
  const { t } = useTranslation('tasks');
  const { message, fieldMessage } = useErrorMessage();
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<AddForm>();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = useTaskSearch(q);
  const add = useAddDependency();
  const side = Form.useWatch('side', form) ?? 'predecessor';
  const linked = side === 'predecessor' ? task.predecessors : task.successors;
  const taken = new Set([task.id, ...linked.map((d) => d.task.id)]);
  const options = (search.data?.items ?? [])
    .filter((s) => !taken.has(s.id))
    .map((s) => ({ value: s.id, label: s.title }));

  const titleOf = (id: string) =>
    graph?.nodes.find((n) => n.id === id)?.title ??
    search.data?.items.find((s) => s.id === id)?.title ??
    (id === task.id ? task.title : t('graph.hidden_task'));

  const onFinish = (values: AddForm) => {
    setError(null);
    add.mutate(
      values.side === 'successor'
        ? { taskId: values.other_id, predecessorId: task.id, kind: values.kind, lagDays: values.lag_days ?? 0 }
        : { taskId: task.id, predecessorId: values.other_id, kind: values.kind, lagDays: values.lag_days ?? 0 },
      {
        onSuccess: () => {
          form.resetFields(['other_id', 'lag_days']);
          void notify.success(t('graph.added'));
        },
        onError: (err) => {
          const e = asApiError(err);
          if (e.code === 'dependency_cycle') {
            setError(`${message(e)}：${e.allowed.map(titleOf).join(' → ')}`);
          } else if (e.fields['predecessor_id']) {
            setError(e.fields['predecessor_id'].map(fieldMessage).join('；'));
          } else {
            setError(message(e));
          }
        },
      },
    );
  };

  return (
    <Form<AddForm>
      form={form}
      layout="inline"
      onFinish={onFinish}
      initialValues={{ side: 'predecessor', kind: 'finish_to_start', lag_days: 0 }}
      style={{ rowGap: 8, marginBottom: 12 }}
    >
      <Form.Item name="side">
        <Segmented
          options={[
            { value: 'predecessor', label: t('graph.side_predecessor') },
            { value: 'successor', label: t('graph.side_successor') },
          ]}
          onChange={() => form.resetFields(['other_id'])}
        />
      </Form.Item>
      <Form.Item
        name="other_id"
        label={side === 'predecessor' ? t('graph.predecessor') : t('graph.successor')}
        rules={[{ required: true, message: t('graph.pick') }]}
      >
        <Select
          showSearch
          style={{ width: 260 }}
          placeholder={t('graph.search')}
          filterOption={false}
          onSearch={setQ}
          options={options}
          notFoundContent={search.isFetching ? <Spin size="small" /> : null}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('graph.kind')}>
        <Select style={{ width: 150 }} options={DEPENDENCY_KINDS.map((k) => ({ value: k, label: t(`graph.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="lag_days" label={t('graph.lag')}>
        <InputNumber min={-365} max={365} style={{ width: 80 }} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {side === 'predecessor' ? t('graph.add') : t('graph.add_successor')}
        </Button>
      </Form.Item>
      {error && (
        <Alert type="error" showIcon message={error} style={{ width: '100%', marginTop: 8 }} data-testid="dependency-error" />
      )}
    </Form>
  );
}

/** 依赖关系: what the task waits for, who waits for it, and the tree's timeline with its critical path. */
export function TaskDependencies({ task }: { task: TaskDto }) {
  const { t, i18n } = useTranslation('tasks');
  const { message } = useErrorMessage();
  const { message: notify } = App.useApp();
  const { data: me } = useCurrentUser();
  const graph = useTaskGraph(task.id);
  const remove = useRemoveDependency();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const tz = me?.time_zone;
  const editable = task.capabilities.can_edit && !['archived', 'cancelled'].includes(task.status);
  const kindLabel = (k: DependencyKind, lag: number) =>
    t(`graph.kinds.${k}`) + (lag !== 0 ? t('graph.lag_suffix', { count: lag }) : '');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {editable && <AddDependency task={task} graph={graph.data} />}
      {task.is_at_risk && task.earliest_start_at && (
        <Alert
          type="warning"
          showIcon
          message={t('graph.at_risk_alert', {
            earliest: formatDate(task.earliest_start_at, lng, tz),
            planned: formatDate(task.start_at, lng, tz),
          })}
        />
      )}
      <List
        size="small"
        header={<Typography.Text strong>{t('graph.predecessors')}</Typography.Text>}
        dataSource={task.predecessors}
        locale={{ emptyText: t('graph.no_predecessors') }}
        renderItem={(d) => (
          <List.Item
            data-testid="predecessor"
            actions={
              editable
                ? [
                    <AsyncPopconfirm
                      key="remove"
                      title={t('graph.remove_confirm', { title: d.task.title })}
                      onConfirm={() =>
                        remove.mutateAsync({ taskId: task.id, dependencyId: d.id }).then(
                          () => void notify.success(t('graph.removed')),
                          (err: unknown) => void notify.error(message(err)),
                        )
                      }
                    >
                      <Button size="small" type="link" danger>
                        {t('graph.remove')}
                      </Button>
                    </AsyncPopconfirm>,
                  ]
                : []
            }
          >
            <Space wrap>
              <Link to={taskPath(d.task.id)}>{d.task.title}</Link>
              <StatusTag status={d.task.status} />
              <Tag>{kindLabel(d.kind, d.lag_days)}</Tag>
              {d.is_satisfied ? <Tag color="success">{t('graph.satisfied')}</Tag> : <Tag color="orange">{t('graph.waiting')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      <List
        size="small"
        header={<Typography.Text strong>{t('graph.successors')}</Typography.Text>}
        dataSource={task.successors}
        locale={{ emptyText: t('graph.no_successors') }}
        renderItem={(d) => (
          <List.Item data-testid="successor">
            <Space wrap>
              <Link to={taskPath(d.task.id)}>{d.task.title}</Link>
              <StatusTag status={d.task.status} />
              <Tag>{kindLabel(d.kind, d.lag_days)}</Tag>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('graph.timeline')}
      </Typography.Title>
      {graph.error && <Alert type="error" showIcon message={message(graph.error)} />}
      {graph.isLoading && <Spin />}
      {graph.data && graph.data.edges.length === 0 && <Empty description={t('graph.no_edges')} />}
      {graph.data && graph.data.edges.length > 0 && (
        <>
          <CriticalPath graph={graph.data} />
          {graph.data.earliest_finish_at && (
            <Typography.Paragraph type={Date.parse(graph.data.earliest_finish_at) > Date.parse(graph.data.due_at) ? 'danger' : 'secondary'}>
              {t('graph.finish', {
                finish: formatDate(graph.data.earliest_finish_at, lng, tz),
                due: formatDate(graph.data.due_at, lng, tz),
              })}
            </Typography.Paragraph>
          )}
          {graph.data.hidden_dependencies > 0 && (
            <Typography.Paragraph type="secondary">
              {t('graph.hidden', { count: graph.data.hidden_dependencies })}
            </Typography.Paragraph>
          )}
          <DependencyTimeline graph={graph.data} language={lng} timeZone={tz} />
        </>
      )}
    </Space>
  );
}
