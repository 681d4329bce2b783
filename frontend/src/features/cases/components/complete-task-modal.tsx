import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompleteTask } from '@/features/cases/api/complete-task';
import { useTaskSummary } from '@/features/cases/api/task-summary';
import type { CompleteTaskRequest, TaskDto } from '@/features/cases/api/types';
import { taskPath } from '@/config/paths';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

type Values = { outcome: string; went_well: string; problems: string; lessons: string };

const MAX = 4000;

/** The open subtasks a 409 `open_subtasks` names (by id in `allowed`): those the caller sees, and how many others. */
function openSubtasks(task: TaskDto, ids: string[]) {
  const shown = task.subtasks.filter((s) => ids.includes(s.id));
  return { shown, hidden: ids.length - shown.length };
}

/**
 * 完成任务: the owner writes the 协作总结 (目标达成情况 required) and marks a top-level task done.
 * While subtasks are open the server refuses and names them; they are listed with links.
 */
export function CompleteTaskModal({ task, open, onClose }: { task: TaskDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['cases', 'common', 'errors', 'tasks']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const complete = useCompleteTask();
  // A task reopened after it was done has a summary already: start from it.
  const existing = useTaskSummary(task.id, open);
  const error = complete.error ? asApiError(complete.error) : null;
  const open409 = error?.code === 'open_subtasks' ? openSubtasks(task, error.allowed) : null;

  const reset = useEffectEvent(() => {
    complete.reset();
    form.resetFields();
  });
  useEffect(() => {
    if (open) reset();
  }, [open]);

  const prefill = useEffectEvent(() => {
    const s = existing.data;
    if (s && !form.isFieldsTouched()) {
      form.setFieldsValue({ outcome: s.outcome, went_well: s.went_well, problems: s.problems, lessons: s.lessons });
    }
  });
  useEffect(() => {
    if (open && existing.data) prefill();
  }, [open, existing.data]);

  const submit = (v: Values) => {
    const body: CompleteTaskRequest = {
      outcome: v.outcome.trim(),
      went_well: (v.went_well ?? '').trim(),
      problems: (v.problems ?? '').trim(),
      lessons: (v.lessons ?? '').trim(),
    };
    complete.mutate(
      { taskId: task.id, body },
      {
        onSuccess: () => {
          void notify.success(t('complete.done'));
          onClose();
        },
        onError: (err) => applyToForm(form, err),
      },
    );
  };

  const area = (name: keyof Values, placeholder: string, required = false) => (
    <Form.Item
      name={name}
      label={t(`summary.${name}`)}
      rules={required ? [{ required: true, whitespace: true, message: t('errors:field.required') }] : []}
    >
      <Input.TextArea autoSize={{ minRows: required ? 3 : 2, maxRows: 8 }} maxLength={MAX} showCount placeholder={placeholder} />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={t('complete.title')}
      okText={t('complete.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={complete.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('complete.intro')}</Typography.Paragraph>
      {open409 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="open-subtasks"
          message={t('complete.open_subtasks')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {open409.shown.map((s) => (
                <li key={s.id}>
                  <Link to={taskPath(s.id)}>{s.title}</Link>{' '}
                  <Typography.Text type="secondary">
                    {t(`tasks:status.${s.status}`)} · {s.owner.name}
                  </Typography.Text>
                </li>
              ))}
              {open409.hidden > 0 && <li>{t('complete.open_hidden', { count: open409.hidden })}</li>}
            </ul>
          }
        />
      ) : (
        error && error.code !== 'validation_failed' && (
          <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />
        )
      )}
      <Form form={form} name="complete-task" layout="vertical" onFinish={submit} requiredMark>
        {area('outcome', t('complete.outcome_placeholder'), true)}
        {area('went_well', t('complete.went_well_placeholder'))}
        {area('problems', t('complete.problems_placeholder'))}
        {area('lessons', t('complete.lessons_placeholder'))}
      </Form>
    </Modal>
  );
}

/** Whether a task is marked done through 完成任务 (a top-level task in progress that the caller runs). */
export function completesWithSummary(task: TaskDto): boolean {
  return (
    task.parent_id === null &&
    task.capabilities.can_update_progress &&
    ['published', 'in_progress', 'pending_review'].includes(task.status)
  );
}
