import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPicker } from '@/components/ui/user-picker';
import { useAddRequestApprover } from '@/features/approvals/api/add-request-approver';
import { useApproveRequest } from '@/features/approvals/api/approve-request';
import { useNudgeRequest } from '@/features/approvals/api/nudge-request';
import { useRejectRequest } from '@/features/approvals/api/reject-request';
import { useReturnRequest } from '@/features/approvals/api/return-request';
import { useSubmitRequest } from '@/features/approvals/api/submit-request';
import { useTransferRequest } from '@/features/approvals/api/transfer-request';
import type { AddPosition, RequestDto } from '@/features/approvals/api/types';
import { useWithdrawRequest } from '@/features/approvals/api/withdraw-request';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** What an action with a comment asks for: the approver's decisions, and the initiator's 撤回. */
type Action = 'approve' | 'reject' | 'return' | 'transfer' | 'add' | 'withdraw';

type Values = { comment?: string; to_step?: number; to_user_id?: string; user_id?: string; position?: AddPosition };

/** `to_step` of 退回 to the initiator (the API's omitted `to_step`). */
const TO_INITIATOR = -1;

/** Actions whose comment is the reason the initiator reads: required. */
const REASON_REQUIRED: readonly Action[] = ['reject', 'return'];

function ActionModal({ request, action, onClose }: { request: RequestDto; action: Action; onClose: () => void }) {
  const { t } = useTranslation(['approvals', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const taskId = request.task_id;
  const approve = useApproveRequest(taskId);
  const reject = useRejectRequest(taskId);
  const giveBack = useReturnRequest(taskId);
  const transfer = useTransferRequest(taskId);
  const addApprover = useAddRequestApprover(taskId);
  const withdraw = useWithdrawRequest(taskId);
  const pending = [approve, reject, giveBack, transfer, addApprover, withdraw].some((m) => m.isPending);
  const current = request.current;
  const earlier = current?.steps.filter((s) => current.current_step !== null && s.index < current.current_step) ?? [];

  const run = (v: Values): Promise<RequestDto> => {
    const comment = v.comment?.trim() ?? '';
    switch (action) {
      case 'approve':
        return approve.mutateAsync({ taskId, comment });
      case 'reject':
        return reject.mutateAsync({ taskId, comment });
      case 'return':
        return giveBack.mutateAsync({
          taskId,
          comment,
          toStep: v.to_step === undefined || v.to_step === TO_INITIATOR ? null : v.to_step,
        });
      case 'transfer':
        return transfer.mutateAsync({ taskId, toUserId: v.to_user_id ?? '', comment });
      case 'add':
        return addApprover.mutateAsync({ taskId, userId: v.user_id ?? '', position: v.position ?? 'after', comment });
      case 'withdraw':
        return withdraw.mutateAsync({ taskId, comment });
    }
  };

  const submit = async (v: Values) => {
    setError(null);
    try {
      await run(v);
      void notify.success(t(`decide.${action}.done`));
      onClose();
    } catch (err) {
      const e = asApiError(err);
      // Someone decided, withdrew or transferred first: the page now shows where it stands.
      if (e.code === 'conflict' || e.code === 'forbidden') {
        setError(t('errors.action_conflict'));
        return;
      }
      const leftovers = applyToForm(form, e);
      setError([message(e), ...leftovers].join(' '));
    }
  };

  const reasonRequired = REASON_REQUIRED.includes(action);
  return (
    <Modal
      open
      title={t(`decide.${action}.title`)}
      okText={t(`decide.${action}.ok`)}
      okButtonProps={{ danger: action === 'reject' }}
      cancelText={t('common:actions.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        name={`request-${action}`}
        layout="vertical"
        initialValues={{ to_step: TO_INITIATOR, position: 'after' }}
        onFinish={(v) => void submit(v)}
      >
        {action === 'return' && (
          <Form.Item name="to_step" label={t('decide.return.to')}>
            <Select
              options={[
                { value: TO_INITIATOR, label: t('decide.return.to_initiator') },
                ...earlier.map((s) => ({ value: s.index, label: t('timeline.step', { n: s.index + 1, name: s.name }) })),
              ]}
            />
          </Form.Item>
        )}
        {action === 'transfer' && (
          <Form.Item
            name="to_user_id"
            label={t('decide.transfer.to')}
            rules={[{ required: true, message: t('errors:field.required') }]}
          >
            <UserPicker placeholder={t('decide.person_placeholder')} />
          </Form.Item>
        )}
        {action === 'add' && (
          <>
            <Form.Item
              name="user_id"
              label={t('decide.add.who')}
              rules={[{ required: true, message: t('errors:field.required') }]}
            >
              <UserPicker placeholder={t('decide.person_placeholder')} />
            </Form.Item>
            <Form.Item name="position" label={t('decide.add.position')}>
              <Radio.Group
                options={[
                  { value: 'before', label: t('decide.add.before') },
                  { value: 'after', label: t('decide.add.after') },
                ]}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="comment"
          label={t(reasonRequired ? 'decide.reason' : 'decide.comment')}
          rules={
            reasonRequired ? [{ required: true, whitespace: true, message: t('decide.reason_required') }] : []
          }
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            placeholder={t(reasonRequired ? 'decide.reason_placeholder' : 'decide.comment_placeholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The buttons of whoever may act on the request now: the approvers' 同意 / 拒绝 / 退回 / 转交 /
 * 加签 (`can.decide`), the initiator's 撤回 and 催办, and 提交审批 for an initiator who cannot
 * edit the form. The server checks every action again.
 */
export function RequestActions({ request }: { request: RequestDto }) {
  const { t } = useTranslation(['approvals', 'errors']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const [action, setAction] = useState<Action | null>(null);
  const [nudgeError, setNudgeError] = useState<string | null>(null);
  const nudge = useNudgeRequest(request.task_id);
  const submit = useSubmitRequest(request.task_id);
  const can = request.can;

  const doNudge = () => {
    setNudgeError(null);
    nudge.mutate(
      { taskId: request.task_id },
      {
        onSuccess: () => void notify.success(t('actions.nudged')),
        onError: (err) => {
          const e = asApiError(err);
          setNudgeError(
            e.status === 429
              ? t('actions.nudge_too_soon', { minutes: Math.max(1, Math.ceil((e.retryAfter ?? 3600) / 60)) })
              : message(e),
          );
        },
      },
    );
  };

  const doSubmit = () =>
    submit.mutate(
      { taskId: request.task_id, version: request.version },
      { onSuccess: () => void notify.success(t('actions.submitted')), onError: (err) => void notify.error(message(err)) },
    );

  if (!can.decide && !can.withdraw && !can.nudge && !(can.submit && !can.edit)) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap data-testid="request-actions">
        {can.decide && (
          <>
            <Button type="primary" onClick={() => setAction('approve')}>
              {t('decide.approve.button')}
            </Button>
            <Button danger onClick={() => setAction('reject')}>
              {t('decide.reject.button')}
            </Button>
            <Button onClick={() => setAction('return')}>{t('decide.return.button')}</Button>
            <Button onClick={() => setAction('transfer')}>{t('decide.transfer.button')}</Button>
            <Button onClick={() => setAction('add')}>{t('decide.add.button')}</Button>
          </>
        )}
        {can.submit && !can.edit && (
          <Button type="primary" onClick={doSubmit} loading={submit.isPending}>
            {t('actions.submit')}
          </Button>
        )}
        {can.nudge && (
          <Button onClick={doNudge} loading={nudge.isPending}>
            {t('actions.nudge')}
          </Button>
        )}
        {can.withdraw && <Button onClick={() => setAction('withdraw')}>{t('decide.withdraw.button')}</Button>}
      </Space>
      {nudgeError && (
        <Alert type="warning" showIcon closable message={nudgeError} onClose={() => setNudgeError(null)} />
      )}
      {action && <ActionModal request={request} action={action} onClose={() => setAction(null)} />}
    </Space>
  );
}
