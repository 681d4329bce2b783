import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReopenCase } from '@/features/cases/api/reopen-case';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** 移出案例库 (administrators): the reason goes into the task's history and the audit log. */
export function ReopenCaseModal({
  taskId,
  open,
  onClose,
  onDone,
}: {
  taskId: string;
  open: boolean;
  onClose: () => void;
  onDone?: () => void;
}) {
  const { t } = useTranslation(['cases', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<{ reason: string }>();
  const reopen = useReopenCase();
  const error = reopen.error ? asApiError(reopen.error) : null;

  const reset = useEffectEvent(() => {
    reopen.reset();
    form.resetFields();
  });
  useEffect(() => {
    if (open) reset();
  }, [open]);

  return (
    <Modal
      open={open}
      title={t('reopen.title')}
      okText={t('reopen.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common:actions.cancel')}
      confirmLoading={reopen.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reopen.hint')}</Typography.Paragraph>
      {error && error.code !== 'validation_failed' && (
        <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />
      )}
      <Form
        form={form}
        name="reopen-case"
        layout="vertical"
        onFinish={({ reason }) =>
          reopen.mutate(
            { taskId, reason: reason.trim() },
            {
              onSuccess: () => {
                void notify.success(t('reopen.done'));
                onClose();
                onDone?.();
              },
              onError: (err) => applyToForm(form, err),
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('reopen.reason')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('reopen.reason_placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
