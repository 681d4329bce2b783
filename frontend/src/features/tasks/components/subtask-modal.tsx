import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { useCreateSubtask } from '@/features/tasks/api/create-subtask';
import { useAddDependency } from '@/features/tasks/api/dependencies';
import { PRIORITIES, type Priority, type TaskDto } from '@/features/tasks/api/types';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { dayOf, endOfDayUtc, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

type Values = {
  title: string;
  owner_id: string;
  department_ids?: string[];
  /** Starts after this sibling subtask is done (a finish-to-start dependency). */
  after_id?: string;
  start_at?: Dayjs;
  due_at: Dayjs;
  priority?: Priority;
  goal?: string;
};

/**
 * 拆分子任务: one subtask with exactly one owner, its start and deadline, and optionally the
 * sibling it waits for: picking one starts it the day after that sibling's deadline and adds the
 * dependency, so the plan and the Gantt agree from the start.
 */
export function SubtaskModal({ parent, open, onClose }: { parent: TaskDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const [form] = Form.useForm<Values>();
  const create = useCreateSubtask();
  const addDependency = useAddDependency();
  const after = Form.useWatch('after_id', form);
  const predecessor = parent.subtasks.find((x) => x.id === after);
  const squeezed = predecessor !== undefined && !dayOf(predecessor.due_at, tz).isBefore(dayOf(parent.due_at, tz), 'day');
  const error = create.error ? asApiError(create.error) : null;
  const required = { required: true, message: t('errors:field.required') };
  const lastDay = dayOf(parent.due_at, tz);

  const reset = useEffectEvent(() => {
    create.reset();
    form.resetFields();
    form.setFieldsValue({ priority: parent.priority, due_at: lastDay });
  });
  // Reset each time the modal opens.
  useEffect(() => {
    if (open) reset();
  }, [open]);

  const submit = (v: Values) => {
    create.mutate(
      {
        parentId: parent.id,
        body: {
          title: v.title.trim(),
          owner_id: v.owner_id,
          department_ids: v.department_ids ?? [],
          start_at: v.start_at ? startOfDayUtc(v.start_at, tz) : null,
          due_at: endOfDayUtc(v.due_at, tz),
          priority: v.priority ?? null,
          goal: v.goal?.trim() ?? '',
        },
      },
      {
        onSuccess: (created) => {
          notify.success(t('subtask.created'));
          onClose();
          if (v.after_id) {
            addDependency.mutate(
              { taskId: created.id, predecessorId: v.after_id, kind: 'finish_to_start', lagDays: 0 },
              { onError: (err) => void notify.error(t('subtask.dependency_failed', { error: message(err) })) },
            );
          }
        },
        onError: (err) => applyToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('subtask.title')}
      okText={t('common:actions.create')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="subtask" layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('fields.title')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="owner_id" label={t('fields.owner')} rules={[required]}>
          <UserPicker />
        </Form.Item>
        <Form.Item name="department_ids" label={t('fields.departments')} extra={t('subtask.departments_help')}>
          <DepartmentSelect mode="multiple" />
        </Form.Item>
        {parent.subtasks.length > 0 && (
          <Form.Item name="after_id" label={t('subtask.after')} extra={t('subtask.after_help')}>
            <Select
              allowClear
              options={parent.subtasks.map((x) => ({ value: x.id, label: x.title }))}
              onChange={(id: string | undefined) => {
                const pred = parent.subtasks.find((x) => x.id === id);
                if (pred) form.setFieldValue('start_at', dayOf(pred.due_at, tz).add(1, 'day'));
              }}
            />
          </Form.Item>
        )}
        {squeezed && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('subtask.squeezed', { title: predecessor.title })} />
        )}
        <Form.Item
          name="start_at"
          label={t('fields.start_at')}
          dependencies={['due_at']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value?: Dayjs) => {
                const due = getFieldValue('due_at') as Dayjs | undefined;
                return value && due && value.isAfter(due, 'day')
                  ? Promise.reject(new Error(t('subtask.start_after_due')))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(lastDay, 'day')} />
        </Form.Item>
        <Form.Item name="due_at" label={t('fields.due_at')} rules={[required]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(lastDay, 'day')} />
        </Form.Item>
        <Form.Item name="priority" label={t('fields.priority')}>
          <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        </Form.Item>
        <Form.Item name="goal" label={t('fields.goal')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
