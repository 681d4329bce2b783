import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { useSaveRequest } from '@/features/approvals/api/save-request';
import { useSubmitRequest } from '@/features/approvals/api/submit-request';
import type { Currency, RequestDto } from '@/features/approvals/api/types';
import {
  amountProblem,
  formToValues,
  NEW_LINE,
  valuesToForm,
  type RequestValues,
} from '@/features/approvals/components/request-form-values';
import { asApiError } from '@/lib/api/api-error';
import { currencyValues, resourceKindValues } from '@/lib/api/schema';
import { useErrorMessage } from '@/lib/error-message';

const MAX_LINES = 20;

/** The lines of the form: what is asked for, each with the amounts its kind has. */
function LinesField() {
  const { t } = useTranslation(['approvals', 'errors']);
  const { fieldMessage } = useErrorMessage();
  const required = { required: true, message: t('errors:field.required') };

  return (
    <Form.List
      name="lines"
      rules={[
        {
          validator: (_, lines?: unknown[]) =>
            (lines ?? []).length === 0 ? Promise.reject(new Error(t('form.no_lines'))) : Promise.resolve(),
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          <Typography.Text strong>{t('form.lines')}</Typography.Text>
          {fields.map((field, i) => (
            <div
              key={field.key}
              data-testid="request-line"
              style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 12px 0', margin: '8px 0' }}
            >
              <Flex gap={12} wrap align="start">
                <Typography.Text type="secondary" style={{ lineHeight: '32px', marginTop: 30 }}>
                  {i + 1}
                </Typography.Text>
                <Form.Item name={[field.name, 'kind']} label={t('form.kind')} rules={[required]} style={{ width: 150 }}>
                  <Select options={resourceKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'description']}
                  label={t('form.description')}
                  rules={[{ ...required, whitespace: true }, { max: 500, message: t('errors:field.length') }]}
                  style={{ flex: 1, minWidth: 220 }}
                >
                  <Input maxLength={500} placeholder={t('form.description_placeholder')} />
                </Form.Item>
                <Form.Item noStyle dependencies={[['lines', field.name, 'kind']]}>
                  {({ getFieldValue }) => {
                    const kind = getFieldValue(['lines', field.name, 'kind']) as string | undefined;
                    if (kind === 'budget') {
                      return (
                        <>
                          <Form.Item
                            name={[field.name, 'amount']}
                            label={t('form.amount')}
                            dependencies={[['lines', field.name, 'currency']]}
                            rules={[
                              required,
                              {
                                validator: (_, v?: string) => {
                                  if (!v?.trim()) return Promise.resolve();
                                  const problem = amountProblem(v, getFieldValue(['lines', field.name, 'currency']) as Currency | undefined);
                                  return problem ? Promise.reject(new Error(fieldMessage(problem))) : Promise.resolve();
                                },
                              },
                            ]}
                            style={{ width: 180 }}
                          >
                            <Input inputMode="decimal" placeholder="50000.00" />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'currency']}
                            label={t('form.currency')}
                            rules={[
                              required,
                              {
                                // All budget lines of a request share one currency (the API's rule too).
                                validator: (_, v?: string) => {
                                  const lines = (getFieldValue('lines') ?? []) as RequestValues['lines'];
                                  const other = lines.find((l, j) => j !== field.name && l.kind === 'budget' && l.currency);
                                  return other && v && other.currency !== v
                                    ? Promise.reject(new Error(fieldMessage('one_currency')))
                                    : Promise.resolve();
                                },
                              },
                            ]}
                            style={{ width: 140 }}
                          >
                            <Select options={currencyValues.map((c) => ({ value: c, label: t(`currencies.${c}`) }))} />
                          </Form.Item>
                        </>
                      );
                    }
                    if (kind === 'people_days') {
                      return (
                        <>
                          <Form.Item name={[field.name, 'people']} label={t('form.people')} rules={[required]}>
                            <InputNumber min={1} max={1000} precision={0} style={{ width: 100 }} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'days']} label={t('form.days')} rules={[required]}>
                            <InputNumber min={1} max={3650} precision={0} style={{ width: 100 }} />
                          </Form.Item>
                        </>
                      );
                    }
                    if (kind === 'equipment') {
                      return (
                        <Form.Item name={[field.name, 'quantity']} label={t('form.quantity')}>
                          <InputNumber min={1} max={100000} precision={0} style={{ width: 120 }} />
                        </Form.Item>
                      );
                    }
                    return null;
                  }}
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  style={{ marginTop: 30 }}
                  disabled={fields.length === 1}
                  aria-label={t('form.remove_line', { n: i + 1 })}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ ...NEW_LINE })}
            disabled={fields.length >= MAX_LINES}
            style={{ margin: '4px 0 16px' }}
          >
            {t('form.add_line')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/**
 * The request form for whoever may edit it: lines, departments asked, why, by when. Saves with
 * If-Match on the version the values were loaded from (`onStale` reloads them after a 412), and
 * submits (saving first when changed).
 */
export function RequestFormEditor({
  taskId,
  request,
  onSaved,
  onStale,
}: {
  taskId: string;
  /** The request as loaded; null before the first save. */
  request: RequestDto | null;
  /** After a save or submit: the editor is shown again with what the server keeps. */
  onSaved: () => void;
  /** Someone saved in between (412): reload the request and show it again. */
  onStale: () => void;
}) {
  const { t } = useTranslation(['approvals', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, fieldMessage, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<RequestValues>();
  // The version these values were loaded from: what If-Match says, whatever arrives meanwhile.
  const [base] = useState(() => request?.version ?? null);
  const [error, setError] = useState<string | null>(null);
  const save = useSaveRequest(taskId);
  const submit = useSubmitRequest(taskId);
  const initialValues = useMemo<RequestValues>(
    () => (request ? formToValues(request.form) : { lines: [{ ...NEW_LINE }], department_ids: [] }),
    // Read once: the editor is remounted to show another version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const canSubmit = !request || request.can.submit;
  const busy = save.isPending || submit.isPending;

  const fail = (err: unknown) => {
    const e = asApiError(err);
    if (e.code === 'version_mismatch' || e.code === 'precondition_required') {
      onStale();
      return;
    }
    const flow = e.fields['flow'];
    if (flow?.[0]) {
      // No flow applies, or a step resolves to nobody: only an administrator can fix that.
      setError(fieldMessage(flow[0]));
      return;
    }
    if (e.code === 'conflict') {
      setError(t('errors.request_conflict'));
      return;
    }
    const leftovers = applyToForm(form, e);
    setError([message(e), ...leftovers].join(' '));
  };

  /** Saves when changed (or never saved); answers the request as the server keeps it. */
  const saveIfChanged = async (): Promise<RequestDto | null> => {
    let values: RequestValues;
    try {
      values = await form.validateFields({ recursive: true });
    } catch {
      return null;
    }
    if (request && base !== null && !form.isFieldsTouched()) {
      // Unchanged here, but someone saved meanwhile: show that version before it is submitted.
      if (request.version !== base) {
        onStale();
        return null;
      }
      return request;
    }
    return save.mutateAsync({ taskId, version: base, form: valuesToForm(values) });
  };

  const onSave = async () => {
    setError(null);
    try {
      const saved = await saveIfChanged();
      if (!saved) return;
      void notify.success(t('form.saved'));
      onSaved();
    } catch (err) {
      fail(err);
    }
  };

  const onSubmit = async () => {
    setError(null);
    try {
      const saved = await saveIfChanged();
      if (!saved) return;
      if (!saved.can.submit) {
        onSaved();
        return;
      }
      await submit.mutateAsync({ taskId, version: saved.version });
      void notify.success(t('actions.submitted'));
      onSaved();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <Form<RequestValues>
      form={form}
      name="request-form"
      layout="vertical"
      initialValues={initialValues}
      onFinish={() => void onSave()}
      scrollToFirstError
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <LinesField />
      <Form.Item name="department_ids" label={t('form.departments')} extra={t('form.departments_help')}>
        <DepartmentSelect mode="multiple" />
      </Form.Item>
      <Form.Item
        name="justification"
        label={t('form.justification')}
        rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
      >
        <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('form.justification_placeholder')} />
      </Form.Item>
      <Form.Item name="needed_by" label={t('form.needed_by')}>
        <DatePicker />
      </Form.Item>
      <Space>
        <Button htmlType="submit" loading={save.isPending && !submit.isPending} disabled={busy}>
          {t('form.save')}
        </Button>
        {canSubmit && (
          <Button type="primary" onClick={() => void onSubmit()} loading={busy} disabled={busy}>
            {t('actions.submit')}
          </Button>
        )}
      </Space>
    </Form>
  );
}
