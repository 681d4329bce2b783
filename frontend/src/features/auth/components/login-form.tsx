import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLogin, type LoginRequest } from '@/features/auth/api/login';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const { t } = useTranslation('auth');
  const [form] = Form.useForm<LoginRequest>();
  const loginMutation = useLogin();
  const { message, applyToForm } = useErrorMessage();
  const error = loginMutation.error ? asApiError(loginMutation.error) : null;

  const submit = (values: LoginRequest) => {
    loginMutation.mutate(
      { email: values.email.trim(), password: values.password },
      { onSuccess, onError: (err) => applyToForm(form, err) },
    );
  };

  return (
    <Form form={form} name="login" layout="vertical" requiredMark={false} onFinish={submit} aria-label={t('title')}>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={message(error)}
          description={error.retryAfter ? t('retry_after', { seconds: error.retryAfter }) : undefined}
        />
      )}
      <Form.Item
        name="email"
        label={t('email')}
        rules={[
          { required: true, message: t('email_required') },
          { type: 'email', message: t('email_invalid') },
        ]}
      >
        <Input prefix={<MailOutlined />} autoComplete="username" inputMode="email" autoFocus />
      </Form.Item>
      <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('password_required') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={loginMutation.isPending}>
        {t('submit')}
      </Button>
    </Form>
  );
}
