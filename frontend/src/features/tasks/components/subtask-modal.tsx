import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { useCreateSubtask } from '@/features/tasks/api/create-subtask';
import { PRIORITIES, type Priority, type TaskDto } from '@/features/tasks/api/types';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { dayOf, endOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

type Values = {
  title: string;
  owner_id: string;
  department_ids?: string[];
  due_at: Dayjs;
  priority?: Priority;
  goal?: string;
};

/** 拆分子任务: one subtask with exactly one owner. */
export function SubtaskModal({ parent, open, onClose }: { parent: TaskDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const [form] = Form.useForm<Values>();
  const create = useCreateSubtask();
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
          due_at: endOfDayUtc(v.due_at, tz),
          priority: v.priority ?? null,
          goal: v.goal?.trim() ?? '',
        },
      },
      {
        onSuccess: () => {
          notify.success(t('subtask.created'));
          onClose();
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
