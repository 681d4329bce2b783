import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { departmentOptionsQuery, DepartmentSelect } from '@/components/ui/department-select';
import { DepartmentMemberSelect, UserPicker } from '@/components/ui/user-picker';
import { paths, taskPath } from '@/config/paths';
import { createSubtask } from '@/features/tasks/api/create-subtask';
import { createTask } from '@/features/tasks/api/create-task';
import { publishTask } from '@/features/tasks/api/publish-task';
import { PRIORITIES, type Priority } from '@/features/tasks/api/types';
import { asApiError } from '@/lib/api/api-error';
import { tasksKey } from '@/lib/api/query-keys';
import { useCurrentUser } from '@/lib/auth/current-user';
import { endOfDayUtc, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

type Values = {
  title: string;
  department_ids: string[];
  due_at?: Dayjs | null;
  priority: Priority;
  split: boolean;
  /** Per department: who owns its subtask. */
  owners?: Record<string, string | undefined>;
  owner_id: string;
  initiating_department_id?: string | null;
  goal?: string;
  start_at?: Dayjs | null;
  resources?: string;
  risks?: string;
};

/**
 * 快速新建: a cross-department task on one page: name, departments, deadline and priority, with
 * the rest folded away, and, with one switch, a subtask for each department owned by its head
 * (or whoever is chosen). The full 跨部门协作任务申请表 stays one link away.
 */
export function QuickCreateTask() {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, fieldMessage, applyToForm } = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const departments = useQuery(departmentOptionsQuery());
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const chosen = Form.useWatch('department_ids', form) ?? [];
  const split = Form.useWatch('split', form) ?? false;
  const title = Form.useWatch('title', form) ?? '';
  const owners = (Form.useWatch('owners', { form, preserve: true }) ?? {});

  const initialValues = useMemo<Partial<Values>>(
    () => ({
      priority: 'medium',
      split: false,
      owner_id: me?.id,
      initiating_department_id: me?.department_id ?? null,
      department_ids: me?.department_id ? [me.department_id] : [],
    }),
    [me],
  );

  const deptName = (id: string) => departments.data?.find((d) => d.id === id)?.name ?? '';
  /** Who owns a department's subtask unless someone else is chosen: me for my department, else its head. */
  const defaultOwner = (id: string): string | undefined =>
    id === me?.department_id ? me.id : departments.data?.find((d) => d.id === id)?.heads[0]?.id;
  const ownerOf = (id: string) => (id in owners ? owners[id] : defaultOwner(id));
  const subtaskTitle = (id: string) => `${deptName(id)}：${title.trim()}`;

  const save = useMutation({
    mutationFn: async ({ v, publish }: { v: Values; publish: boolean }) => {
      const dueAt = endOfDayUtc(v.due_at!, tz);
      const task = await createTask({
        scenario: 'cross_department',
        template: null,
        title: v.title.trim(),
        goal: v.goal?.trim() ?? '',
        initiating_department_id: v.initiating_department_id ?? null,
        department_ids: v.department_ids,
        owner_id: v.owner_id,
        collaborator_ids: [],
        priority: v.priority,
        start_at: v.start_at ? startOfDayUtc(v.start_at, tz) : null,
        due_at: dueAt,
        milestones: [],
        resources: v.resources?.trim() ?? '',
        risks: v.risks?.trim() ?? '',
      });
      // The task stands once created: what fails after it is said, and the task opens as it is.
      const failed: string[] = [];
      if (v.split) {
        for (const id of v.department_ids) {
          const owner = ownerOf(id);
          if (!owner) continue;
          try {
            await createSubtask({
              parentId: task.id,
              body: {
                title: subtaskTitle(id),
                owner_id: owner,
                department_ids: [id],
                due_at: task.due_at,
                priority: v.priority,
                goal: '',
              },
            });
          } catch (err) {
            failed.push(`${deptName(id)}：${message(err)}`);
          }
        }
      }
      let published = false;
      if (publish) {
        try {
          await publishTask(task.id);
          published = true;
        } catch (err) {
          failed.push(t('wizard.publish_failed', { error: message(err) }));
        }
      }
      return { task, failed, published };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });

  const submit = async (publish: boolean) => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    // All values, the per-department owners (set without a field of their own) included.
    const v = form.getFieldsValue(true) as Values;
    setFailure(null);
    save.mutate(
      { v, publish },
      {
        onSuccess: ({ task, failed, published }) => {
          if (failed.length > 0) void notify.warning(failed.join('；'));
          else void notify.success(t(published ? 'wizard.saved_published' : 'wizard.saved_draft'));
          void navigate(taskPath(task.id));
        },
        onError: (err) => {
          const rest = applyToForm(form, err);
          if (rest.length > 0 || Object.keys(asApiError(err).fields).length === 0) setFailure(message(err));
        },
      },
    );
  };

  if (!me) return <Card loading />;
  const missingOwner = split && chosen.some((id) => !ownerOf(id));

  return (
    <Card
      title={t('quick.title')}
      extra={<Link to={`${paths.taskNew}?form=full`}>{t('quick.full_form')}</Link>}
    >
      {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure} />}
      <Form form={form} name="quick-task" layout="vertical" initialValues={initialValues} style={{ maxWidth: 720 }}>
        <Form.Item
          name="title"
          label={t('fields.title')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
        >
          <Input maxLength={200} autoFocus placeholder={t('quick.title_placeholder')} />
        </Form.Item>
        <Form.Item
          name="department_ids"
          label={t('fields.departments')}
          extra={t('wizard.departments_help')}
          rules={[
            {
              validator: (_: unknown, v?: string[]) =>
                (v ?? []).length < 2 ? Promise.reject(new Error(fieldMessage('min_two'))) : Promise.resolve(),
            },
          ]}
        >
          <DepartmentSelect mode="multiple" />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item name="due_at" label={t('fields.due_at')} rules={[{ required: true, message: t('errors:field.required') }]}>
            <DatePicker disabledDate={(d) => d.isBefore(new Date(), 'day')} />
          </Form.Item>
          <Form.Item name="priority" label={t('fields.priority')}>
            <Radio.Group optionType="button" options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="split" valuePropName="checked" label={t('quick.split')} extra={t('quick.split_help')}>
          <Switch />
        </Form.Item>
        {split && chosen.length > 0 && (
          <Table
            size="small"
            rowKey={(id) => id}
            pagination={false}
            style={{ marginBottom: 16 }}
            data-testid="quick-subtasks"
            dataSource={chosen}
            columns={[
              { key: 'dept', title: t('quick.department'), render: (_: unknown, id: string) => deptName(id) },
              {
                key: 'title',
                title: t('quick.subtask'),
                render: (_: unknown, id: string) => (
                  <Typography.Text type={title.trim() ? undefined : 'secondary'}>{subtaskTitle(id)}</Typography.Text>
                ),
              },
              {
                key: 'owner',
                title: t('fields.owner'),
                render: (_: unknown, id: string) => (
                  <DepartmentMemberSelect
                    departmentId={id}
                    style={{ minWidth: 180 }}
                    value={ownerOf(id)}
                    onChange={(owner?: string) => form.setFieldValue(['owners', id], owner)}
                    placeholder={t('quick.owner_placeholder')}
                    aria-label={t('quick.owner_of')}
                  />
                ),
              },
            ]}
          />
        )}
        {missingOwner && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('quick.no_owner')} />
        )}
        <Collapse
          ghost
          items={[
            {
              key: 'more',
              label: t('quick.more'),
              forceRender: true,
              children: (
                <>
                  <Form.Item name="owner_id" label={t('fields.owner_id')} rules={[{ required: true, message: t('errors:field.required') }]}>
                    <UserPicker known={[{ id: me.id, name: me.name }]} />
                  </Form.Item>
                  <Form.Item name="initiating_department_id" label={t('fields.initiating_department_id')}>
                    <DepartmentSelect />
                  </Form.Item>
                  <Form.Item name="goal" label={t('fields.goal')}>
                    <Input.TextArea rows={3} maxLength={5000} placeholder={t('wizard.goal_placeholder')} />
                  </Form.Item>
                  <Form.Item name="start_at" label={t('fields.start_at')}>
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name="resources" label={t('fields.resources')}>
                    <Input.TextArea rows={2} maxLength={5000} placeholder={t('wizard.resources_placeholder')} />
                  </Form.Item>
                  <Form.Item name="risks" label={t('fields.risks')}>
                    <Input.TextArea rows={2} maxLength={5000} placeholder={t('wizard.risks_placeholder')} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
      </Form>
      <Flex gap={8} style={{ marginTop: 16 }}>
        <Button onClick={() => void submit(false)} disabled={save.isPending}>
          {t('wizard.save_draft')}
        </Button>
        <Button type="primary" onClick={() => void submit(true)} loading={save.isPending}>
          {t('quick.publish')}
        </Button>
      </Flex>
    </Card>
  );
}
