import { Alert, App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Radio, Space, Steps, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { departmentOptionsQuery, DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { taskPath, taskTabPath } from '@/config/paths';
import { useCreateTask, type CreateTaskRequest } from '@/features/tasks/api/create-task';
import { APPLICATION_FORM, useTemplates } from '@/features/tasks/api/list-templates';
import { usePublishTask } from '@/features/tasks/api/publish-task';
import { PRIORITIES, SCENARIOS, type Priority, type Scenario } from '@/features/tasks/api/types';
import { MilestonesField, valuesToMilestones, type MilestoneValue } from '@/features/tasks/components/milestones-field';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { endOfDayUtc, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { formatDate } from '@/lib/format';

type Values = {
  scenario: Scenario;
  title: string;
  initiating_department_id?: string | null;
  department_ids?: string[];
  owner_id: string;
  priority: Priority;
  goal?: string;
  start_at?: Dayjs | null;
  due_at?: Dayjs | null;
  milestones?: MilestoneValue[];
  resources?: string;
  risks?: string;
  collaborator_ids?: string[];
};

type FieldKey = Exclude<keyof Values, never>;

const STEPS: { key: 'basic' | 'goal' | 'resources' | 'confirm'; fields: FieldKey[] }[] = [
  { key: 'basic', fields: ['scenario', 'title', 'initiating_department_id', 'department_ids', 'owner_id', 'priority'] },
  { key: 'goal', fields: ['goal', 'start_at', 'due_at', 'milestones'] },
  { key: 'resources', fields: ['resources', 'risks', 'collaborator_ids'] },
  { key: 'confirm', fields: [] },
];

/** Required without a template: what the API itself insists on. */
const ALWAYS_REQUIRED: FieldKey[] = ['scenario', 'title', 'owner_id', 'due_at'];

/** Which step shows a field the server complained about (`milestones[0].name` → milestones). */
function stepOf(field: string): number {
  const base = field.split(/[.[]/)[0] as FieldKey;
  const i = STEPS.findIndex((s) => s.fields.includes(base));
  return i < 0 ? 0 : i;
}

/**
 * 新建任务, following the 跨部门协作任务申请表 (labels and required flags from /templates) for
 * cross-department projects.
 */
export function CreateTaskWizard() {
  const { t, i18n } = useTranslation(['tasks', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, fieldMessage, applyToForm } = useErrorMessage();
  const navigate = useNavigate();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const templates = useTemplates();
  const departments = useQuery(departmentOptionsQuery());
  const create = useCreateTask();
  const publishMutation = usePublishTask();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [leftovers, setLeftovers] = useState<string[]>([]);
  const [publishing, setPublishing] = useState(false);
  const [userNames, setUserNames] = useState<Record<string, string>>(() => (me ? { [me.id]: me.name } : {}));
  const scenario = Form.useWatch('scenario', form) ?? 'cross_department';
  const isApplication = scenario === 'cross_department';
  const template = templates.data?.find((x) => x.id === APPLICATION_FORM);
  const en = i18n.resolvedLanguage === 'en';
  const error = create.error ? asApiError(create.error) : null;

  const templateField = (key: string) => (isApplication ? template?.fields.find((f) => f.key === key) : undefined);
  const label = (key: FieldKey): string => {
    const f = templateField(key);
    if (f) return en ? f.label_en : f.label_zh;
    return t(`fields.${key}`);
  };
  const isRequired = (key: FieldKey) => templateField(key)?.required ?? ALWAYS_REQUIRED.includes(key);
  const requiredRule = (key: FieldKey, whitespace = false) =>
    // async-validator treats a rule with any key but `required` as a string rule: add `whitespace` for text only.
    isRequired(key)
      ? [whitespace ? { required: true, whitespace, message: t('errors:field.required') } : { required: true, message: t('errors:field.required') }]
      : [];

  const rememberNames = (_: unknown, option: unknown) => {
    const opts = (Array.isArray(option) ? option : [option]) as ({ value?: string; label?: string } | undefined)[];
    setUserNames((prev) => {
      const next = { ...prev };
      for (const o of opts) if (o?.value && typeof o.label === 'string') next[o.value] = o.label;
      return next;
    });
  };

  const initialValues = useMemo<Partial<Values>>(
    () => ({
      scenario: 'cross_department',
      priority: 'medium',
      owner_id: me?.id,
      initiating_department_id: me?.department_id ?? null,
      department_ids: me?.department_id ? [me.department_id] : [],
      milestones: [],
    }),
    [me],
  );

  const next = async () => {
    try {
      await form.validateFields(STEPS[step]!.fields, { recursive: true });
      setStep((s) => s + 1);
    } catch {
      // antd shows the messages next to the fields.
    }
  };

  const body = (v: Values): CreateTaskRequest => ({
    scenario: v.scenario,
    template: v.scenario === 'cross_department' ? APPLICATION_FORM : null,
    title: v.title.trim(),
    goal: v.goal?.trim() ?? '',
    initiating_department_id: v.initiating_department_id ?? null,
    department_ids: v.department_ids ?? [],
    owner_id: v.owner_id,
    collaborator_ids: v.collaborator_ids ?? [],
    priority: v.priority,
    start_at: v.start_at ? startOfDayUtc(v.start_at, tz) : null,
    due_at: v.due_at ? endOfDayUtc(v.due_at, tz) : '',
    milestones: valuesToMilestones(v.milestones, tz),
    resources: v.resources?.trim() ?? '',
    risks: v.risks?.trim() ?? '',
  });

  /** A new resource request opens on its request form (资源申请), to be filled in next. */
  const pageOf = (taskId: string, scenario: Scenario) =>
    scenario === 'resource_request' ? taskTabPath(taskId, 'request') : taskPath(taskId);

  /** Publishes the new draft, says how that went, and opens the task either way. */
  const publishAndOpen = async (taskId: string, scenario: Scenario) => {
    setPublishing(true);
    try {
      await publishMutation.mutateAsync(taskId);
      notify.success(t('wizard.saved_published'));
    } catch (err) {
      notify.error(t('wizard.publish_failed', { error: message(err) }));
    } finally {
      setPublishing(false);
    }
    void navigate(pageOf(taskId, scenario));
  };

  const save = async (publish: boolean) => {
    let values: Values;
    try {
      await form.validateFields(undefined, { recursive: true });
      values = form.getFieldsValue(true) as Values;
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) setStep(stepOf(String(first.name[0])));
      return;
    }
    setLeftovers([]);
    create.mutate(body(values), {
      onSuccess: (task) => {
        if (!publish) {
          notify.success(t('wizard.saved_draft'));
          void navigate(pageOf(task.id, task.scenario));
          return;
        }
        void publishAndOpen(task.id, task.scenario);
      },
      onError: (err) => {
        const rest = applyToForm(form, err);
        setLeftovers(rest);
        const fields = Object.keys(asApiError(err).fields);
        if (fields.length > 0) setStep(Math.min(...fields.map(stepOf)));
      },
    });
  };

  const deptName = (id: string | null | undefined) => departments.data?.find((d) => d.id === id)?.name ?? id ?? '';

  const summary = () => {
    const v = form.getFieldsValue(true) as Values;
    const lng = i18n.resolvedLanguage ?? 'zh-CN';
    const empty = t('common:empty');
    const day = (d: Dayjs | null | undefined) => (d ? formatDate(d.format('YYYY-MM-DDT12:00:00'), lng) : empty);
    return (
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'scenario', label: label('scenario'), children: t(`scenario.${v.scenario}`) },
          { key: 'title', label: label('title'), children: v.title || empty },
          { key: 'init', label: label('initiating_department_id'), children: deptName(v.initiating_department_id) || empty },
          {
            key: 'depts',
            label: label('department_ids'),
            children: (v.department_ids ?? []).map(deptName).join(t('common:list_sep')) || empty,
          },
          { key: 'owner', label: label('owner_id'), children: userNames[v.owner_id] ?? (v.owner_id === me?.id ? me.name : empty) },
          { key: 'priority', label: label('priority'), children: t(`priority.${v.priority}`) },
          { key: 'goal', label: label('goal'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{v.goal || empty}</span> },
          { key: 'start', label: label('start_at'), children: day(v.start_at) },
          { key: 'due', label: label('due_at'), children: day(v.due_at) },
          {
            key: 'milestones',
            label: label('milestones'),
            children:
              (v.milestones ?? [])
                .filter((m) => m.name)
                .map((m) => `${m.name}（${day(m.due)}）`)
                .join('；') || empty,
          },
          { key: 'resources', label: label('resources'), children: v.resources || empty },
          { key: 'risks', label: label('risks'), children: v.risks || empty },
          {
            key: 'collaborators',
            label: label('collaborator_ids'),
            children: (v.collaborator_ids ?? []).map((id) => userNames[id] ?? id).join(t('common:list_sep')) || empty,
          },
        ]}
      />
    );
  };

  const show = (i: number) => ({ display: step === i ? 'block' : 'none' });
  // The defaults (owner, departments) come from the signed-in user.
  if (!me) return <Card loading />;
  const busy = create.isPending || publishing;

  return (
    <Card
      title={t('wizard.title')}
      extra={
        isApplication && (
          <Typography.Text type="secondary">
            {template ? (en ? template.name_en : template.name_zh) : t('wizard.form_title')}
          </Typography.Text>
        )
      }
    >
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={STEPS.map((s) => ({ key: s.key, title: t(`wizard.steps.${s.key}`) }))}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={message(error)}
          description={leftovers.length > 0 ? leftovers.join('；') : undefined}
        />
      )}
      <Form
        form={form}
        name="create-task"
        layout="vertical"
        initialValues={initialValues}
        style={{ maxWidth: 720 }}
        scrollToFirstError
      >
        <div style={show(0)} data-testid="wizard-step-basic">
          <Form.Item name="scenario" label={label('scenario')} rules={requiredRule('scenario')}>
            <Radio.Group
              optionType="button"
              options={SCENARIOS.map((s) => ({ value: s, label: t(`scenario.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="title" label={label('title')} rules={requiredRule('title', true)}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="initiating_department_id"
            label={label('initiating_department_id')}
            rules={requiredRule('initiating_department_id')}
          >
            <DepartmentSelect />
          </Form.Item>
          <Form.Item
            name="department_ids"
            label={label('department_ids')}
            extra={isApplication ? t('wizard.departments_help') : undefined}
            rules={[
              ...requiredRule('department_ids'),
              ...(isApplication
                ? [
                    {
                      validator: (_: unknown, v?: string[]) =>
                        (v ?? []).length < 2 ? Promise.reject(new Error(fieldMessage('min_two'))) : Promise.resolve(),
                    },
                  ]
                : []),
            ]}
          >
            <DepartmentSelect mode="multiple" />
          </Form.Item>
          <Form.Item name="owner_id" label={label('owner_id')} rules={requiredRule('owner_id')}>
            <UserPicker known={me ? [{ id: me.id, name: me.name }] : []} onChange={rememberNames} />
          </Form.Item>
          <Form.Item name="priority" label={label('priority')} rules={requiredRule('priority')}>
            <Radio.Group
              optionType="button"
              options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
            />
          </Form.Item>
        </div>
        <div style={show(1)} data-testid="wizard-step-goal">
          <Form.Item name="goal" label={label('goal')} rules={requiredRule('goal', true)}>
            <Input.TextArea rows={4} maxLength={5000} placeholder={t('wizard.goal_placeholder')} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="start_at" label={label('start_at')} rules={requiredRule('start_at')}>
              <DatePicker />
            </Form.Item>
            <Form.Item
              name="due_at"
              label={label('due_at')}
              dependencies={['start_at']}
              rules={[
                ...requiredRule('due_at'),
                ({ getFieldValue }) => ({
                  validator: (_: unknown, v?: Dayjs | null) => {
                    const start = getFieldValue('start_at') as Dayjs | null | undefined;
                    return v && start && v.isBefore(start, 'day')
                      ? Promise.reject(new Error(fieldMessage('before_start')))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker />
            </Form.Item>
          </Space>
          <MilestonesField label={label('milestones')} required={isRequired('milestones')} />
        </div>
        <div style={show(2)} data-testid="wizard-step-resources">
          <Form.Item name="resources" label={label('resources')} rules={requiredRule('resources', true)}>
            <Input.TextArea rows={4} maxLength={5000} placeholder={t('wizard.resources_placeholder')} />
          </Form.Item>
          <Form.Item name="risks" label={label('risks')} rules={requiredRule('risks', true)}>
            <Input.TextArea rows={4} maxLength={5000} placeholder={t('wizard.risks_placeholder')} />
          </Form.Item>
          <Form.Item name="collaborator_ids" label={label('collaborator_ids')} rules={requiredRule('collaborator_ids')}>
            <UserPicker mode="multiple" onChange={rememberNames} />
          </Form.Item>
        </div>
        {step === 3 && (
          <div data-testid="wizard-step-confirm">
            <Typography.Paragraph type="secondary">{t('wizard.confirm_hint')}</Typography.Paragraph>
            {scenario === 'resource_request' && (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('wizard.request_hint')} />
            )}
            {summary()}
          </div>
        )}
      </Form>
      <Flex gap={8} style={{ marginTop: 24 }}>
        {step > 0 && (
          <Button onClick={() => setStep((s) => s - 1)} disabled={busy}>
            {t('wizard.prev')}
          </Button>
        )}
        {step < STEPS.length - 1 && (
          <Button type="primary" onClick={() => void next()}>
            {t('wizard.next')}
          </Button>
        )}
        {step === STEPS.length - 1 && (
          <>
            <Button onClick={() => void save(false)} loading={busy && !publishing} disabled={busy}>
              {t('wizard.save_draft')}
            </Button>
            <Button type="primary" onClick={() => void save(true)} loading={busy} disabled={busy}>
              {t('wizard.save_publish')}
            </Button>
          </>
        )}
      </Flex>
    </Card>
  );
}
