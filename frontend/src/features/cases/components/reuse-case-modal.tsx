import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { taskPath } from '@/config/paths';
import { useReuseCase } from '@/features/cases/api/reuse-case';
import type { CaseDto } from '@/features/cases/api/types';
import { asApiError } from '@/lib/api/api-error';
import { endOfDayUtc, nowIn } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

type Values = { title: string; due_at: Dayjs | null; file_ids: string[] };

/**
 * 以此为模板新建: a new draft from the case, with the case's title (editable), a new deadline
 * (required, every date moves with it) and the files ticked; then the new task's page.
 */
export function ReuseCaseModal({
  kase,
  open,
  onClose,
  timeZone,
}: {
  kase: CaseDto;
  open: boolean;
  onClose: () => void;
  timeZone?: string;
}) {
  const { t } = useTranslation(['cases', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const reuse = useReuseCase();
  const error = reuse.error ? asApiError(reuse.error) : null;
  const today = nowIn(timeZone).startOf('day');

  const reset = useEffectEvent(() => {
    reuse.reset();
    form.resetFields();
    form.setFieldsValue({ title: kase.task.title, due_at: null, file_ids: [] });
  });
  useEffect(() => {
    if (open) reset();
  }, [open]);

  const submit = (v: Values) => {
    if (!v.due_at) return;
    const title = v.title.trim();
    reuse.mutate(
      {
        caseId: kase.task.id,
        body: { title: title || null, due_at: endOfDayUtc(v.due_at, timeZone), file_ids: v.file_ids ?? [] },
      },
      {
        onSuccess: (task) => {
          void notify.success(t('reuse.done', { title: task.title }));
          onClose();
          void navigate(taskPath(task.id));
        },
        onError: (err) => applyToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('reuse.title')}
      okText={t('reuse.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={reuse.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('reuse.intro')}</Typography.Paragraph>
      {error && error.code !== 'validation_failed' && (
        <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />
      )}
      <Form form={form} name="reuse-case" layout="vertical" onFinish={submit}>
        <Form.Item
          name="title"
          label={t('reuse.name')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
        >
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item
          name="due_at"
          label={t('reuse.due_at')}
          rules={[{ required: true, message: t('errors:field.required') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(today, 'day')} />
        </Form.Item>
        {kase.files.length === 0 ? (
          <Form.Item label={t('reuse.files')}>
            <Typography.Text type="secondary">{t('reuse.no_files')}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="file_ids" label={t('reuse.files')} extra={t('reuse.files_hint')}>
            <Checkbox.Group style={{ width: '100%' }}>
              <Space direction="vertical">
                {kase.files.map(({ file, task_title }) => (
                  <Checkbox key={file.id} value={file.id}>
                    {file.name}
                    <Typography.Text type="secondary"> · {task_title}</Typography.Text>
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
