import { Alert, App, Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { PRIORITIES, VISIBILITIES, type Priority, type TaskDto, type TaskVisibility } from '@/features/tasks/api/types';
import { useUpdateTask, type UpdateTaskRequest } from '@/features/tasks/api/update-task';
import {
  MilestonesField,
  milestonesToValues,
  valuesToMilestones,
  type MilestoneValue,
} from '@/features/tasks/components/milestones-field';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { dayOf, endOfDayUtc, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

type Values = {
  title: string;
  goal: string;
  initiating_department_id?: string | null;
  department_ids: string[];
  owner_id: string;
  collaborator_ids: string[];
  priority: Priority;
  start_at: Dayjs;
  due_at: Dayjs;
  resources: string;
  risks: string;
  milestones: MilestoneValue[];
  visibility: TaskVisibility;
};

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function toValues(task: TaskDto, tz?: string | null): Values {
  return {
    title: task.title,
    goal: task.goal,
    initiating_department_id: task.initiating_department?.id ?? null,
    department_ids: task.departments.map((d) => d.id),
    owner_id: task.owner.id,
    collaborator_ids: task.collaborators.map((u) => u.id),
    priority: task.priority,
    start_at: dayOf(task.start_at, tz),
    due_at: dayOf(task.due_at, tz),
    resources: task.resources,
    risks: task.risks,
    milestones: milestonesToValues(task.milestones, tz),
    visibility: task.visibility,
  };
}

/** Only what changed, so the history records real changes. */
function diff(task: TaskDto, v: Values, tz?: string | null): UpdateTaskRequest {
  const before = toValues(task, tz);
  const body: UpdateTaskRequest = {};
  if (v.title.trim() !== before.title) body.title = v.title.trim();
  if ((v.goal ?? '').trim() !== before.goal) body.goal = (v.goal ?? '').trim();
  if ((v.initiating_department_id ?? null) !== before.initiating_department_id) {
    body.initiating_department_id = v.initiating_department_id ?? null;
  }
  if (!sameSet(v.department_ids ?? [], before.department_ids)) body.department_ids = v.department_ids ?? [];
  if (v.owner_id !== before.owner_id) body.owner_id = v.owner_id;
  if (!sameSet(v.collaborator_ids ?? [], before.collaborator_ids)) body.collaborator_ids = v.collaborator_ids ?? [];
  if (v.priority !== before.priority) body.priority = v.priority;
  if (!v.start_at.isSame(before.start_at, 'day')) body.start_at = startOfDayUtc(v.start_at, tz);
  if (!v.due_at.isSame(before.due_at, 'day')) body.due_at = endOfDayUtc(v.due_at, tz);
  if ((v.resources ?? '').trim() !== before.resources) body.resources = (v.resources ?? '').trim();
  if ((v.risks ?? '').trim() !== before.risks) body.risks = (v.risks ?? '').trim();
  const milestones = valuesToMilestones(v.milestones, tz);
  const oldMilestones = task.milestones.map((m) => ({ name: m.name, due_at: m.due_at, done_at: m.done_at }));
  const changed =
    milestones.length !== oldMilestones.length ||
    milestones.some((m, i) => {
      const o = oldMilestones[i]!;
      return m.name !== o.name || !dayOf(m.due_at, tz).isSame(dayOf(o.due_at, tz), 'day');
    });
  if (changed) body.milestones = milestones;
  if (v.visibility !== before.visibility) body.visibility = v.visibility;
  return body;
}

/** 编辑: PATCH with If-Match; on 412 the latest version is loaded into the form. */
export function TaskEditDrawer({ task, open, onClose }: { task: TaskDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['tasks', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const [form] = Form.useForm<Values>();
  const update = useUpdateTask();
  const error = update.error ? asApiError(update.error) : null;
  const required = { required: true, message: t('errors:field.required') };

  const load = useEffectEvent(() => {
    form.resetFields();
    form.setFieldsValue(toValues(task, tz));
  });
  // Load the task when the drawer opens; a new version (e.g. after a 412) reloads the form.
  useEffect(() => {
    if (open) load();
  }, [open, task.version]);

  // Only opening clears the last error: after a 412 the reloaded form keeps the warning that explains it.
  const resetUpdate = useEffectEvent(() => update.reset());
  useEffect(() => {
    if (open) resetUpdate();
  }, [open]);

  const submit = (v: Values) => {
    const body = diff(task, v, tz);
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: task.id, version: task.version, body },
      {
        onSuccess: () => {
          notify.success(t('edit.saved'));
          onClose();
        },
        onError: (err) => {
          if (asApiError(err).code === 'version_mismatch') notify.warning(t('edit.conflict'));
          else applyToForm(form, err);
        },
      },
    );
  };

  const isTop = task.parent_id === null;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={560}
      title={t('edit.title')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
            {t('common:actions.save')}
          </Button>
        </Space>
      }
    >
      {error && (
        <Alert
          type={error.code === 'version_mismatch' ? 'warning' : 'error'}
          showIcon
          message={error.code === 'version_mismatch' ? t('edit.conflict') : message(error)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form form={form} name="task-edit" layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('fields.title')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="goal" label={t('fields.goal')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        {isTop && (
          <Form.Item name="initiating_department_id" label={t('fields.initiating_department_id')}>
            <DepartmentSelect />
          </Form.Item>
        )}
        <Form.Item name="department_ids" label={t('fields.department_ids')}>
          <DepartmentSelect mode="multiple" />
        </Form.Item>
        <Form.Item name="owner_id" label={t('fields.owner')} rules={[required]}>
          <UserPicker allowClear={false} known={[task.owner]} />
        </Form.Item>
        <Form.Item name="collaborator_ids" label={t('fields.collaborator_ids')}>
          <UserPicker mode="multiple" known={task.collaborators} />
        </Form.Item>
        <Form.Item name="priority" label={t('fields.priority')} rules={[required]}>
          <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="start_at" label={t('fields.start_at')} rules={[required]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="due_at" label={t('fields.due_at')} rules={[required]}>
            <DatePicker allowClear={false} />
          </Form.Item>
        </Space>
        <MilestonesField label={t('fields.milestones')} />
        <Form.Item name="resources" label={t('fields.resources')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="risks" label={t('fields.risks')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="visibility" label={t('fields.visibility')} rules={[required]}>
          <Select options={VISIBILITIES.map((v) => ({ value: v, label: t(`visibility.${v}`) }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
