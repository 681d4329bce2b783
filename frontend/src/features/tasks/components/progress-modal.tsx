import { Alert, App, Col, Form, Input, InputNumber, Modal, Row, Select, Slider } from 'antd';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePostProgress } from '@/features/tasks/api/post-progress';
import type { TaskDto, TaskStatus } from '@/features/tasks/api/types';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

type Values = { status?: TaskStatus | null; percent: number; note: string; force_reason?: string };

/** 更新进度: optional new status, percent and a note (If-Match the version shown). */
export function ProgressModal({ task, open, onClose }: { task: TaskDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const post = usePostProgress();
  const error = post.error ? asApiError(post.error) : null;
  // Predecessors hold the start back: the owner may still start, giving a reason for the record.
  const [forcing, setForcing] = useState(false);
  // Publishing is the publish button's job, and a top-level task is marked done with its summary
  // (完成任务); the others are what the caller may choose now.
  const statuses = task.allowed_transitions.filter((s) => s !== 'published' && !(s === 'done' && task.parent_id === null));
  // A task with live subtasks takes its percent from them (the server refuses a manual one).
  const rollsUp = task.subtasks.some((s) => s.status !== 'cancelled');

  const reset = useEffectEvent(() => {
    post.reset();
    setForcing(false);
    form.resetFields();
    form.setFieldsValue({ status: null, percent: task.percent, note: '' });
  });
  // Reset each time the modal opens.
  useEffect(() => {
    if (open) reset();
  }, [open]);

  const submit = (v: Values) => {
    post.mutate(
      {
        id: task.id,
        version: task.version,
        body: {
          status: v.status ?? null,
          percent: rollsUp ? null : v.percent,
          note: v.note.trim(),
          force_reason: forcing ? v.force_reason?.trim() || null : null,
        },
      },
      {
        onSuccess: () => {
          notify.success(t('progress.saved'));
          onClose();
        },
        onError: (err) => {
          if (asApiError(err).code === 'task_blocked') setForcing(true);
          applyToForm(form, err);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('progress.title')}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={post.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="progress" layout="vertical" onFinish={submit}>
        <Form.Item name="status" label={t('progress.status')}>
          <Select
            allowClear
            placeholder={t('progress.status_keep')}
            options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Form.Item>
        {rollsUp ? (
          <Alert type="info" showIcon message={t('progress.rolls_up', { percent: task.percent })} style={{ marginBottom: 16 }} />
        ) : (
        <Form.Item label={t('progress.percent')} required>
          <Row gutter={16} align="middle">
            <Col flex="auto">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} step={5} />
              </Form.Item>
            </Col>
            <Col>
              <Form.Item name="percent" noStyle rules={[{ required: true, message: t('errors:field.required') }]}>
                <InputNumber min={0} max={100} precision={0} suffix="%" aria-label={t('progress.percent')} />
              </Form.Item>
            </Col>
          </Row>
        </Form.Item>
        )}
        <Form.Item
          name="note"
          label={t('progress.note')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('progress.note_placeholder')} />
        </Form.Item>
        {forcing && (
          <Form.Item
            name="force_reason"
            label={t('progress.force_reason')}
            extra={t('progress.force_hint')}
            rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
