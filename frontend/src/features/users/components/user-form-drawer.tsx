import { Alert, App, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { useCreateUser } from '@/features/users/api/create-user';
import type { UserDto } from '@/features/users/api/list-users';
import { useUpdateUser } from '@/features/users/api/update-user';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

const ROLES = ['member', 'dept_head', 'admin'] as const;
type Role = UserDto['role'];

type Values = {
  email: string;
  name: string;
  password?: string;
  mobile?: string;
  department_id?: string | null;
  title?: string;
  supervisor_id?: string | null;
  role: Role;
  is_active: boolean;
};

const blankToNull = (v: string | null | undefined) => {
  const s = v?.trim();
  return s ? s : null;
};

/** Create (user = null) or edit a user. */
export function UserFormDrawer({ open, user, onClose }: { open: boolean; user: UserDto | null; onClose: () => void }) {
  const { t } = useTranslation(['users', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const { message, applyToForm } = useErrorMessage();
  const mutation = user ? update : create;
  const error = mutation.error ? asApiError(mutation.error) : null;
  const required = { required: true, whitespace: true, message: t('errors:field.required') };

  const reset = useEffectEvent(() => {
    create.reset();
    update.reset();
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        email: user.email,
        name: user.name,
        mobile: user.mobile ?? '',
        department_id: user.department_id,
        title: user.title ?? '',
        supervisor_id: user.supervisor_id,
        role: user.role,
        is_active: user.is_active,
      });
    } else {
      form.setFieldsValue({ role: 'member', is_active: true });
    }
  });
  // Reset only when the drawer opens (or switches user), not on every render of the mutations.
  useEffect(() => {
    if (open) reset();
  }, [open, user]);

  const done = (key: 'created' | 'updated') => {
    notify.success(t(key));
    onClose();
  };

  const submit = (v: Values) => {
    const common = {
      name: v.name.trim(),
      email: v.email.trim(),
      mobile: blankToNull(v.mobile),
      department_id: v.department_id ?? null,
      title: blankToNull(v.title),
      supervisor_id: v.supervisor_id ?? null,
      role: v.role,
    };
    const onError = (err: unknown) => applyToForm(form, err);
    if (user) {
      const password = v.password?.trim() ? v.password : undefined;
      update.mutate(
        { id: user.id, version: user.version, body: { ...common, is_active: v.is_active, ...(password ? { password } : {}) } },
        { onSuccess: () => done('updated'), onError },
      );
    } else {
      create.mutate({ ...common, password: v.password ?? '' }, { onSuccess: () => done('created'), onError });
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={480}
      title={user ? t('edit') : t('create')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()}>
            {t('common:actions.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="user" layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="name" label={t('form.name')} rules={[required]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('form.email')}
          rules={[required, { type: 'email', message: t('errors:field.email') }]}
        >
          <Input maxLength={254} />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('form.new_password') : t('form.password')}
          extra={user ? t('form.new_password_help') : undefined}
          rules={[...(user ? [] : [required]), { min: 8, message: t('errors:field.length') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('form.role')} rules={[{ required: true, message: t('errors:field.required') }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="department_id" label={t('form.department')}>
          <DepartmentSelect />
        </Form.Item>
        <Form.Item name="title" label={t('form.title')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="supervisor_id" label={t('form.supervisor')}>
          <UserPicker
            known={user?.supervisor_id && user.supervisor_name ? [{ id: user.supervisor_id, name: user.supervisor_name }] : []}
          />
        </Form.Item>
        <Form.Item name="mobile" label={t('form.mobile')}>
          <Input maxLength={32} />
        </Form.Item>
        {user && (
          <Form.Item name="is_active" label={t('form.is_active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
