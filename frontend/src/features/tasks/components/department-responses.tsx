import { Alert, App, Button, DatePicker, Form, type FormInstance, Input, List, Modal, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type DepartmentResponse,
  useAnswerDepartment,
  useDepartmentResponses,
} from '@/features/tasks/api/department-responses';
import type { TaskDto } from '@/features/tasks/api/types';
import { DepartmentMemberSelect } from '@/components/ui/user-picker';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { dayOf, endOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';
import { taskPath } from '@/config/paths';

type AcceptValues = { owner_id?: string; title?: string; due_at?: Dayjs };

/**
 * Sends an answer from a modal's form: on success says `done` and closes; field errors go next
 * to their fields, anything else (403, 409) as a message.
 */
function useSendAnswer(form: FormInstance, done: string, onClose: () => void) {
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const answer = useAnswerDepartment();
  const send = (a: Parameters<typeof answer.mutate>[0]) =>
    answer.mutate(a, {
      onSuccess: () => {
        void notify.success(done);
        onClose();
      },
      onError: (err) => {
        const left = applyToForm(form, err);
        if (left.length > 0 || Object.keys(asApiError(err).fields).length === 0) void notify.error(message(err));
      },
    });
  return { send, pending: answer.isPending };
}

function AcceptModal({
  task,
  response,
  onClose,
}: {
  task: TaskDto;
  response: DepartmentResponse;
  onClose: () => void;
}) {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const [form] = Form.useForm<AcceptValues>();
  const answer = useSendAnswer(form, t('responses.accepted_done', { department: response.department_name }), onClose);
  // A subtask split off to the department already carries its part: the owner is then optional.
  const split = task.subtasks.some((s) => s.departments.some((d) => d.id === response.department_id));

  const submit = (v: AcceptValues) =>
    answer.send({
      kind: 'accept',
      taskId: task.id,
      departmentId: response.department_id,
      body: {
        owner_id: v.owner_id ?? null,
        title: v.title?.trim() || null,
        // The task's own last day: its deadline to the minute (the end of that day would be past it).
        due_at: v.due_at && v.due_at.isBefore(dayOf(task.due_at, tz), 'day') ? endOfDayUtc(v.due_at, tz) : null,
      },
    });

  return (
    <Modal
      open
      title={t('responses.accept_title', { department: response.department_name })}
      okText={t('responses.accept')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={answer.pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('responses.accept_help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ due_at: dayOf(task.due_at, tz) }}
      >
        <Form.Item
          name="owner_id"
          label={t('responses.owner')}
          extra={split ? t('responses.owner_optional') : undefined}
          rules={split ? [] : [{ required: true, message: t('errors:field.required') }]}
        >
          <DepartmentMemberSelect departmentId={response.department_id} placeholder={t('responses.owner_placeholder')} />
        </Form.Item>
        <Form.Item name="title" label={t('responses.subtask_title')}>
          <Input
            maxLength={200}
            placeholder={t('responses.subtask_title_default', { department: response.department_name, title: task.title })}
          />
        </Form.Item>
        <Form.Item name="due_at" label={t('fields.due_at')}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayOf(task.due_at, tz), 'day')}
            allowClear={false}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeclineModal({ taskId, response, onClose }: { taskId: string; response: DepartmentResponse; onClose: () => void }) {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const [form] = Form.useForm<{ reason: string }>();
  const answer = useSendAnswer(form, t('responses.declined_done', { department: response.department_name }), onClose);
  const submit = (v: { reason: string }) =>
    answer.send({ kind: 'decline', taskId, departmentId: response.department_id, reason: v.reason.trim() });
  return (
    <Modal
      open
      title={t('responses.decline_title', { department: response.department_name })}
      okText={t('responses.decline')}
      okButtonProps={{ danger: true }}
      cancelText={t('common:actions.cancel')}
      confirmLoading={answer.pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('responses.reason')}
          extra={t('responses.reason_help')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StateTag({ r }: { r: DepartmentResponse }) {
  const { t } = useTranslation('tasks');
  if (r.state === 'accepted') return <Tag color="success">{t('responses.state.accepted')}</Tag>;
  if (r.state === 'declined') return <Tag color="error">{t('responses.state.declined')}</Tag>;
  return <Tag color={r.late ? 'red' : 'warning'}>{t(r.late ? 'responses.state.late' : 'responses.state.pending')}</Tag>;
}

/**
 * 部门响应: each collaborating department of a published top-level task, and whether it has
 * accepted (with who does its part), declined (with the reason) or still owes an answer. A head
 * of a department answers here.
 */
export function DepartmentResponses({ task }: { task: TaskDto }) {
  const { t, i18n } = useTranslation(['tasks', 'common']);
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const asked = !task.parent_id && task.status !== 'draft';
  const query = useDepartmentResponses(task.id, asked);
  const [accepting, setAccepting] = useState<DepartmentResponse | null>(null);
  const [declining, setDeclining] = useState<DepartmentResponse | null>(null);
  const items = query.data?.items ?? [];
  if (!asked || items.length === 0) return null;
  const waiting = items.filter((r) => r.state === 'pending');
  const mine = items.filter((r) => r.can_respond && r.state === 'pending');

  return (
    <div style={{ marginTop: 12 }} data-testid="department-responses">
      {mine.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('responses.yours', { departments: mine.map((r) => r.department_name).join(t('common:list_sep')) })}
        />
      )}
      <Typography.Text strong>
        {t('responses.title')}
        {waiting.length > 0 && (
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
            {t('responses.waiting', { count: waiting.length })}
          </Typography.Text>
        )}
      </Typography.Text>
      <List
        size="small"
        dataSource={items}
        renderItem={(r) => (
          <List.Item
            key={r.department_id}
            actions={
              r.can_respond
                ? [
                    <Button key="accept" size="small" type="primary" onClick={() => setAccepting(r)}>
                      {t('responses.accept')}
                    </Button>,
                    ...(r.state === 'pending'
                      ? [
                          <Button key="decline" size="small" danger onClick={() => setDeclining(r)}>
                            {t('responses.decline')}
                          </Button>,
                        ]
                      : []),
                  ]
                : []
            }
          >
            <Space wrap size={[8, 2]}>
              <Typography.Text>{r.department_name}</Typography.Text>
              <StateTag r={r} />
              {r.state === 'pending' && r.answer_by && (
                <Typography.Text type={r.late ? 'danger' : 'secondary'}>
                  {t(r.late ? 'responses.late_since' : 'responses.answer_by', {
                    time: formatDateTime(r.answer_by, i18n.language, tz),
                  })}
                </Typography.Text>
              )}
              {r.state === 'accepted' && r.subtask_id && (
                <Typography.Text type="secondary">
                  {t('responses.part_by', { owner: r.subtask_owner_name ?? '' })}
                  <Link to={taskPath(r.subtask_id)} style={{ marginLeft: 4 }}>
                    {r.subtask_title}
                  </Link>
                </Typography.Text>
              )}
              {r.state === 'declined' && (
                <Typography.Text type="danger">
                  {t('responses.declined_by', { name: r.responded_by?.name ?? '', reason: r.reason ?? '' })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      {accepting && <AcceptModal task={task} response={accepting} onClose={() => setAccepting(null)} />}
      {declining && <DeclineModal taskId={task.id} response={declining} onClose={() => setDeclining(null)} />}
    </div>
  );
}
