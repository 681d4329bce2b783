import { Alert, App, Form, Input, Modal, Switch } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { useCreateDepartment } from '@/features/departments/api/create-department';
import type { DepartmentDto } from '@/features/departments/api/list-departments';
import { useUpdateDepartment } from '@/features/departments/api/update-department';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

type Values = { name: string; parent_id?: string | null; head_ids?: string[]; is_active: boolean };

/** Create (department = null) or edit a department. */
export function DepartmentFormModal({
  open,
  department,
  onClose,
}: {
  open: boolean;
  department: DepartmentDto | null;
  onClose: () => void;
}) {
  const { t } = useTranslation(['departments', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const { message, applyToForm } = useErrorMessage();
  const mutation = department ? update : create;
  const error = mutation.error ? asApiError(mutation.error) : null;

  const reset = useEffectEvent(() => {
    create.reset();
    update.reset();
    form.resetFields();
    form.setFieldsValue(
      department
        ? {
            name: department.name,
            parent_id: department.parent_id,
            head_ids: department.heads.map((h) => h.id),
            is_active: department.is_active,
          }
        : { is_active: true, head_ids: [] },
    );
  });
  // Reset only when the modal opens (or switches department).
  useEffect(() => {
    if (open) reset();
  }, [open, department]);

  const submit = (v: Values) => {
    const body = { name: v.name.trim(), parent_id: v.parent_id ?? null, head_ids: v.head_ids ?? [] };
    const onError = (err: unknown) => applyToForm(form, err);
    const onSuccess = (key: 'created' | 'updated') => () => {
      notify.success(t(key));
      onClose();
    };
    if (department) {
      update.mutate(
        { id: department.id, version: department.version, body: { ...body, is_active: v.is_active } },
        { onSuccess: onSuccess('updated'), onError },
      );
    } else {
      create.mutate(body, { onSuccess: onSuccess('created'), onError });
    }
  };

  return (
    <Modal
      open={open}
      title={department ? t('edit') : t('create')}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="department" layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('form.name')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="parent_id" label={t('form.parent')}>
          <DepartmentSelect placeholder={t('form.parent_none')} excludeId={department?.id} />
        </Form.Item>
        <Form.Item name="head_ids" label={t('form.heads')}>
          <UserPicker mode="multiple" placeholder={t('form.heads_placeholder')} known={department?.heads ?? []} />
        </Form.Item>
        {department && (
          <Form.Item name="is_active" label={t('form.is_active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
