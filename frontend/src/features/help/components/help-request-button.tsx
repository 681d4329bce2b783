import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { TaskSelect } from '@/components/ui/task-select';
import { useCreateHelpRequest } from '@/features/help/api/create-help-request';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

type Values = { task_id?: string; department_id?: string; what: string };

type Props = {
  /** The task the request is for; without one (the 求助 page) the form asks which task. */
  taskId?: string;
  primary?: boolean;
};

/** 求助 on a task: ask another department's head for what the task needs. */
export function HelpRequestButton({ taskId, primary }: Props) {
  const { t } = useTranslation(['help', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const create = useCreateHelpRequest();

  const close = () => {
    setOpen(false);
    setError(null);
    create.reset();
  };

  const submit = (v: Values) => {
    const task = taskId ?? v.task_id;
    if (!v.department_id || !task) return;
    setError(null);
    create.mutate(
      { task_id: task, department_id: v.department_id, what: v.what.trim() },
      {
        onSuccess: (h) => {
          void notify.success(t('create.sent', { name: h.assignee.name }));
          close();
        },
        onError: (err) => {
          const e = asApiError(err);
          // A department without a head has nobody to ask: say so, not "check the form".
          if ((e.fields['department_id'] ?? []).includes('no_recipients')) {
            form.setFields([{ name: 'department_id', errors: [t('create.no_head_field')] }]);
            setError(t('create.no_head'));
            return;
          }
          const leftovers = applyToForm(form, e);
          setError([message(e), ...leftovers].join(' '));
        },
      },
    );
  };

  return (
    <>
      <Button type={primary ? 'primary' : 'default'} onClick={() => setOpen(true)}>
        {taskId ? t('create.button') : t('create.button_new')}
      </Button>
      <Modal
        open={open}
        title={t('create.title')}
        okText={t('create.submit')}
        cancelText={t('common:actions.cancel')}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={close}
        destroyOnHidden
      >
        <Alert type="info" showIcon message={t('create.hint')} style={{ marginBottom: 16 }} />
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} name="help-request" layout="vertical" onFinish={submit} preserve={false}>
          {!taskId && (
            <Form.Item
              name="task_id"
              label={t('create.task')}
              extra={t('create.task_extra')}
              rules={[{ required: true, message: t('errors:field.required') }]}
            >
              <TaskSelect placeholder={t('create.task_placeholder')} />
            </Form.Item>
          )}
          <Form.Item
            name="department_id"
            label={t('create.department')}
            rules={[{ required: true, message: t('errors:field.required') }]}
          >
            <DepartmentSelect placeholder={t('create.department_placeholder')} />
          </Form.Item>
          <Form.Item
            name="what"
            label={t('create.what')}
            rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('create.what_placeholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
