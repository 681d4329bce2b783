import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAnswerHelpRequest } from '@/features/help/api/answer-help-request';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** 回复 a help request asked of me (or escalated to me). */
export function AnswerForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation(['help', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<{ answer: string }>();
  const answer = useAnswerHelpRequest();
  const error = answer.error ? asApiError(answer.error) : null;

  return (
    <Form
      form={form}
      name={`answer-${id}`}
      layout="vertical"
      style={{ marginTop: 8 }}
      onFinish={(v) =>
        answer.mutate(
          { id, answer: v.answer.trim() },
          {
            onSuccess: () => {
              void notify.success(t('answer.sent'));
              onDone();
            },
            onError: (err) => applyToForm(form, err),
          },
        )
      }
    >
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          message={error.code === 'conflict' ? t('answer.already') : message(error)}
        />
      )}
      <Form.Item
        name="answer"
        label={t('answer.label')}
        rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('answer.placeholder')} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={answer.isPending}>
          {t('answer.submit')}
        </Button>
        <Button onClick={onDone}>{t('common:actions.cancel')}</Button>
      </Space>
    </Form>
  );
}
