import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReviewSubmission } from '@/features/collections/api/review-submission';
import type { SubmissionDto } from '@/features/collections/api/types';
import { unitName } from '@/features/collections/components/labels';
import { useErrorMessage } from '@/lib/error-message';

/** 退回 with the reason the submitter reads (required); they can then change it and hand in again. */
export function ReturnModal({ submission, onClose }: { submission: SubmissionDto; onClose: () => void }) {
  const { t } = useTranslation(['collections', 'common']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<{ comment: string }>();
  const [error, setError] = useState<string | null>(null);
  const review = useReviewSubmission(submission.task_id);
  const unit = unitName(submission);

  const submit = async ({ comment }: { comment: string }) => {
    setError(null);
    try {
      await review.mutateAsync({ id: submission.id, returnComment: comment.trim() });
      void notify.success(t('return.done', { unit }));
      onClose();
    } catch (err) {
      const leftovers = applyToForm(form, err);
      setError([message(err), ...leftovers].join(' '));
    }
  };

  return (
    <Modal
      open
      title={t('return.title', { unit })}
      okText={t('return.ok')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={review.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} name="collection-return" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="comment"
          label={t('return.comment')}
          rules={[{ required: true, whitespace: true, message: t('return.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('return.placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
