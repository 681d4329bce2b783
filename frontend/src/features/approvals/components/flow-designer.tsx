import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Divider, Drawer, Flex, Form, Input, InputNumber, Radio, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpinner } from '@/components/ui/query-fallback';
import { useCreateFlow } from '@/features/approvals/api/create-flow';
import { useFlow } from '@/features/approvals/api/get-flow';
import { useUserNames } from '@/features/approvals/api/get-user-names';
import type { FlowDto } from '@/features/approvals/api/types';
import { useUpdateFlow } from '@/features/approvals/api/update-flow';
import { ConditionsFields } from '@/features/approvals/components/conditions-fields';
import {
  flowToValues,
  flowUserIds,
  NEW_FLOW,
  NEW_RULE,
  NEW_STEP,
  ruleComplete,
  valuesToFlowBody,
  type FlowValues,
  type RuleValue,
} from '@/features/approvals/components/flow-values';
import { RuleInput } from '@/features/approvals/components/rule-input';
import { asApiError } from '@/lib/api/api-error';
import { approvalModeValues } from '@/lib/api/schema';
import { useErrorMessage } from '@/lib/error-message';

const MAX_STEPS = 20;
const MAX_RULES = 10;

type Names = { names: Record<string, string>; onPicked: (id: string, name: string) => void };

/** The approver (or cc) rules of one step. */
function RulesList({
  step,
  stepNo,
  which,
  names,
  onPicked,
}: Names & { step: number; stepNo: number; which: 'approvers' | 'cc' }) {
  const { t } = useTranslation(['approvals', 'errors']);
  const what = (n: number) => t(`designer.${which}_label`, { step: stepNo, n });
  return (
    <Form.List
      name={[step, which]}
      rules={
        which === 'approvers'
          ? [
              {
                validator: (_, rules?: unknown[]) =>
                  (rules ?? []).length === 0 ? Promise.reject(new Error(t('designer.no_approvers'))) : Promise.resolve(),
              },
            ]
          : []
      }
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          <Typography.Text strong>{t(`designer.${which}`)}</Typography.Text>
          {which === 'cc' && (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {t('designer.cc_help')}
            </Typography.Text>
          )}
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start" style={{ marginTop: 8 }}>
              <Form.Item
                name={[field.name]}
                style={{ flex: 1, marginBottom: 8 }}
                rules={[
                  {
                    validator: (_, v?: RuleValue) =>
                      ruleComplete(v) ? Promise.resolve() : Promise.reject(new Error(t('designer.rule_incomplete'))),
                  },
                ]}
              >
                <RuleInput names={names} onPicked={onPicked} label={what(i + 1)} />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('designer.remove_rule', { what: what(i + 1) })}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Form.ErrorList errors={errors} />
          <div style={{ margin: '8px 0 16px' }}>
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => add({ ...NEW_RULE })}
              disabled={fields.length >= MAX_RULES}
            >
              {t(`designer.add_${which}`, { step: stepNo })}
            </Button>
          </div>
        </>
      )}
    </Form.List>
  );
}

function FlowForm({ flow, onDone, onStale }: { flow: FlowDto | null; onDone: () => void; onStale: () => void }) {
  const { t } = useTranslation(['approvals', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<FlowValues>();
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const known = useUserNames(flow ? flowUserIds(flow) : []);
  const names = { ...known, ...picked };
  const onPicked = (id: string, name: string) => setPicked((p) => ({ ...p, [id]: name }));
  const create = useCreateFlow();
  const update = useUpdateFlow();
  const busy = create.isPending || update.isPending;

  const save = async (v: FlowValues) => {
    setError(null);
    const body = valuesToFlowBody(v);
    try {
      if (flow) await update.mutateAsync({ id: flow.id, version: flow.version, body });
      else await create.mutateAsync(body);
      void notify.success(t('designer.saved', { name: body.name }));
      onDone();
    } catch (err) {
      const e = asApiError(err);
      if (e.code === 'version_mismatch') {
        void notify.warning(t('designer.stale'));
        onStale();
        return;
      }
      const leftovers = applyToForm(form, e);
      setError([message(e), ...leftovers].join(' '));
    }
  };

  return (
    <Form<FlowValues>
      form={form}
      name="approval-flow"
      layout="vertical"
      initialValues={flow ? flowToValues(flow) : NEW_FLOW}
      onFinish={(v) => void save(v)}
      scrollToFirstError
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Flex gap={12} wrap>
        <Form.Item
          name="name"
          label={t('designer.name')}
          rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
          style={{ flex: 1, minWidth: 240 }}
        >
          <Input maxLength={100} placeholder={t('designer.name_placeholder')} />
        </Form.Item>
        <Form.Item name="position" label={t('designer.position')} tooltip={t('designer.position_help')}>
          <InputNumber min={0} max={10000} precision={0} placeholder={t('designer.position_last')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          name="sla_working_hours"
          label={t('designer.sla')}
          tooltip={t('designer.sla_help')}
          rules={[{ required: true, message: t('errors:field.required') }]}
        >
          <InputNumber min={1} max={720} precision={0} addonAfter={t('designer.hours')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="is_active" label={t('designer.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Flex>
      <Form.Item name="description" label={t('designer.description')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Divider orientation="left">{t('designer.conditions')}</Divider>
      <Typography.Paragraph type="secondary">{t('designer.conditions_help')}</Typography.Paragraph>
      <ConditionsFields name={['conditions']} path={['conditions']} />
      <Divider orientation="left">{t('designer.steps')}</Divider>
      <Form.List
        name="steps"
        rules={[
          {
            validator: (_, steps?: unknown[]) =>
              (steps ?? []).length === 0 ? Promise.reject(new Error(t('designer.no_steps'))) : Promise.resolve(),
          },
        ]}
      >
        {(fields, { add, remove, move }, { errors }) => (
          <>
            {fields.map((field, i) => {
              const stepNo = i + 1;
              return (
                <Card
                  key={field.key}
                  size="small"
                  data-testid="flow-step"
                  style={{ marginBottom: 12 }}
                  title={t('designer.step_title', { n: stepNo })}
                  extra={
                    <Space size={0}>
                      <Button
                        type="text"
                        icon={<ArrowUpOutlined />}
                        disabled={i === 0}
                        aria-label={t('designer.move_up', { n: stepNo })}
                        onClick={() => move(i, i - 1)}
                      />
                      <Button
                        type="text"
                        icon={<ArrowDownOutlined />}
                        disabled={i === fields.length - 1}
                        aria-label={t('designer.move_down', { n: stepNo })}
                        onClick={() => move(i, i + 1)}
                      />
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        disabled={fields.length === 1}
                        aria-label={t('designer.remove_step', { n: stepNo })}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  }
                >
                  <Flex gap={12} wrap>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('designer.step_name')}
                      rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
                      style={{ minWidth: 220, flex: 1 }}
                    >
                      <Input maxLength={50} placeholder={t('designer.step_name_placeholder')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'mode']} label={t('designer.mode')}>
                      <Radio.Group
                        optionType="button"
                        options={approvalModeValues.map((m) => ({ value: m, label: t(`designer.modes.${m}`) }))}
                      />
                    </Form.Item>
                  </Flex>
                  <RulesList step={field.name} stepNo={stepNo} which="approvers" names={names} onPicked={onPicked} />
                  <RulesList step={field.name} stepNo={stepNo} which="cc" names={names} onPicked={onPicked} />
                  <Form.Item
                    name={[field.name, 'has_when']}
                    label={t('designer.has_when')}
                    valuePropName="checked"
                    style={{ marginBottom: 8 }}
                  >
                    <Switch />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['steps', field.name, 'has_when']]}>
                    {({ getFieldValue }) =>
                      getFieldValue(['steps', field.name, 'has_when']) ? (
                        <ConditionsFields
                          name={[field.name, 'when']}
                          path={['steps', field.name, 'when']}
                        />
                      ) : null
                    }
                  </Form.Item>
                </Card>
              );
            })}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ ...NEW_STEP, approvers: [{ ...NEW_RULE }], cc: [], when: { ...NEW_STEP.when } })}
              disabled={fields.length >= MAX_STEPS}
            >
              {t('designer.add_step')}
            </Button>
          </>
        )}
      </Form.List>
      <Flex gap={8} justify="end" style={{ marginTop: 24 }}>
        <Button onClick={onDone}>{t('common:actions.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('designer.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** The flow designer (administrators): a new flow (`flowId` null) or an existing one, saved with If-Match. */
export function FlowDesigner({ flowId, open, onClose }: { flowId: string | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('approvals');
  const { message } = useErrorMessage();
  const flow = useFlow(open ? flowId : null);
  const editing = flowId !== null;

  let body;
  if (!open) body = null;
  else if (editing && flow.isLoading) body = <PageSpinner />;
  else if (editing && (flow.error || !flow.data)) body = <Alert type="error" showIcon message={message(flow.error)} />;
  else
    body = (
      <FlowForm
        // Shown anew for each version (after a 412 the latest is loaded).
        key={flow.data ? `${flow.data.id}-${flow.data.version}` : 'new'}
        flow={editing ? (flow.data ?? null) : null}
        onDone={onClose}
        onStale={() => void flow.refetch()}
      />
    );

  return (
    <Drawer
      open={open}
      width={960}
      title={editing ? t('designer.edit_title', { name: flow.data?.name ?? '' }) : t('designer.new_title')}
      onClose={onClose}
      destroyOnHidden
    >
      {body}
    </Drawer>
  );
}
