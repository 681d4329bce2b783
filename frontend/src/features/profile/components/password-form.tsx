import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '@/features/profile/api/change-password';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

type Values = { current_password: string; new_password: string; confirm: string };

export function PasswordForm() {
  const { t } = useTranslation(['profile', 'errors']);
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const { message, applyToForm } = useErrorMessage();

  const submit = ({ current_password, new_password }: Values) => {
    change.mutate(
      { current_password, new_password },
      {
        onSuccess: () => {
          form.resetFields();
          notify.success(t('password.changed'));
        },
        onError: (err) => applyToForm(form, err),
      },
    );
  };

  return (
    <Card title={t('password.title')}>
      {change.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={message(asApiError(change.error))} />}
      <Form form={form} name="password" layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="current_password" label={t('password.current')} rules={[{ required: true, message: t('errors:field.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="new_password"
          label={t('password.new')}
          rules={[
            { required: true, message: t('errors:field.required') },
            { min: 8, message: t('password.min_length') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['new_password']}
          rules={[
            { required: true, message: t('errors:field.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('new_password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('errors:field.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
