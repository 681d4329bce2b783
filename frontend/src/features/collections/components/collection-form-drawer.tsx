import { Alert, App, Button, Descriptions, Divider, Drawer, Flex, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateCollection } from '@/features/collections/api/create-collection';
import { collectionsQuery } from '@/features/collections/api/list-collections';
import { useTemplateChoices } from '@/features/collections/api/task-files';
import type { CollectionDto } from '@/features/collections/api/types';
import { useUpdateCollection } from '@/features/collections/api/update-collection';
import { FieldsEditor } from '@/features/collections/components/fields-editor';
import {
  editValues,
  newCollectionValues,
  toCreateBody,
  toPatchBody,
  type CollectionValues,
} from '@/features/collections/components/form-values';
import {
  askedLabel,
  reminderLabel,
  REMINDER_CHOICES,
  scheduleLabel,
  submittersLabel,
} from '@/features/collections/components/labels';
import { ScheduleFields } from '@/features/collections/components/schedule-fields';
import { SubmittersFields } from '@/features/collections/components/submitters-fields';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** The fields that stay editable: title, instructions, template, late hand-ins, reminder. */
function CommonFields({ taskId }: { taskId: string }) {
  const { t } = useTranslation(['collections', 'errors']);
  const templates = useTemplateChoices(taskId, true);
  return (
    <>
      <Form.Item
        name="title"
        label={t('form.title')}
        rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
      >
        <Input maxLength={200} placeholder={t('form.title_placeholder')} />
      </Form.Item>
      <Form.Item name="instructions" label={t('form.instructions')}>
        <Input.TextArea rows={3} maxLength={5000} placeholder={t('form.instructions_placeholder')} />
      </Form.Item>
      <Form.Item name="template_file_id" label={t('form.template')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          loading={templates.isLoading}
          options={templates.data ?? []}
          placeholder={t('form.template_placeholder')}
        />
      </Form.Item>
    </>
  );
}

function LateAndReminder() {
  const { t } = useTranslation('collections');
  return (
    <Flex gap={24} wrap>
      <Form.Item name="allow_late" label={t('form.allow_late')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="remind_before_minutes" label={t('form.remind')}>
        <Select style={{ width: 200 }} options={REMINDER_CHOICES.map((m) => ({ value: m, label: reminderLabel(t, m) }))} />
      </Form.Item>
    </Flex>
  );
}

/** 提交内容: files (count, types, size) and/or form fields; one of them at least. */
function WhatFields() {
  const { t } = useTranslation(['collections', 'errors']);
  const asksFiles = Form.useWatch<boolean | undefined>('asks_files');
  return (
    <>
      <Form.Item
        name="asks_files"
        label={t('form.asks_files')}
        valuePropName="checked"
        dependencies={[['spec', 'fields']]}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, asks?: boolean) =>
              asks || ((getFieldValue(['spec', 'fields']) as unknown[] | undefined)?.length ?? 0) > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t('form.nothing_asked'))),
          }),
        ]}
      >
        <Switch />
      </Form.Item>
      {asksFiles && (
        <Flex gap={16} wrap>
          <Form.Item name={['spec', 'files', 'min_files']} label={t('form.min_files')}>
            <InputNumber min={0} max={20} precision={0} suffix={t('form.files_unit')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name={['spec', 'files', 'max_files']}
            label={t('form.max_files')}
            dependencies={[['spec', 'files', 'min_files']]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, max?: number) =>
                  max === undefined || max >= ((getFieldValue(['spec', 'files', 'min_files']) as number | undefined) ?? 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('errors:field.out_of_range'))),
              }),
            ]}
          >
            <InputNumber min={1} max={20} precision={0} suffix={t('form.files_unit')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name={['spec', 'files', 'types']} label={t('form.types')} style={{ minWidth: 220 }}>
            <Select
              mode="tags"
              tokenSeparators={[',', '，', ' ']}
              placeholder={t('form.types_placeholder')}
              options={['xlsx', 'xls', 'docx', 'pdf', 'pptx', 'csv', 'zip', 'jpg', 'png'].map((x) => ({ value: x, label: x }))}
            />
          </Form.Item>
          <Form.Item name={['spec', 'files', 'max_mb']} label={t('form.max_mb')}>
            <InputNumber min={1} max={1024} precision={0} style={{ width: 140 }} />
          </Form.Item>
        </Flex>
      )}
      <FieldsEditor />
    </>
  );
}

/**
 * 发起收集 (`collection` null) or 编辑收集: who hands in what and by when is set once; the
 * title, instructions, template, late hand-ins and reminder can change later (PATCH with
 * If-Match). A 422's field errors are shown next to the fields they name.
 */
export function CollectionFormDrawer({
  taskId,
  collection,
  timeZone,
  onClose,
}: {
  taskId: string;
  collection: CollectionDto | null;
  timeZone?: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation(['collections', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CollectionValues>();
  const [error, setError] = useState<string | null>(null);
  const create = useCreateCollection(taskId);
  const update = useUpdateCollection(taskId);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  const onFailed = async (err: unknown) => {
    const e = asApiError(err);
    if (collection && e.code === 'version_mismatch') {
      const fresh = (await queryClient.fetchQuery(collectionsQuery(taskId))).find((c) => c.id === collection.id);
      if (fresh) form.setFieldsValue(editValues(fresh));
      setError(t('form.reloaded'));
      return;
    }
    const leftovers = applyToForm(form, e);
    setError([message(e), ...leftovers].join(' '));
  };

  const submit = async (v: CollectionValues) => {
    setError(null);
    try {
      if (collection) {
        const body = toPatchBody(v, collection);
        if (Object.keys(body).length > 0) await update.mutateAsync({ id: collection.id, version: collection.version, body });
        void notify.success(t('form.saved'));
      } else {
        await create.mutateAsync(toCreateBody(v, timeZone));
        void notify.success(t('form.created'));
      }
      onClose();
    } catch (err) {
      await onFailed(err);
    }
  };

  return (
    <Drawer
      open
      width={760}
      title={t(collection ? 'form.edit_title' : 'form.create_title')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()}>
            {t(collection ? 'common:actions.save' : 'form.create_ok')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="collection-form-error" />}
      <Form<CollectionValues>
        form={form}
        name="collection"
        layout="vertical"
        initialValues={collection ? editValues(collection) : newCollectionValues(timeZone)}
        onFinish={(v) => void submit(v)}
        data-testid="collection-form"
      >
        <CommonFields taskId={taskId} />
        {collection ? (
          <>
            <Alert type="info" showIcon message={t('form.fixed_note')} style={{ marginBottom: 16 }} />
            <Descriptions
              size="small"
              column={1}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'asked', label: t('card.asked'), children: askedLabel(t, collection.spec) },
                { key: 'who', label: t('card.submitters'), children: submittersLabel(t, collection.submitters) },
                { key: 'schedule', label: t('card.schedule'), children: scheduleLabel(t, collection.schedule, lng, timeZone) },
              ]}
            />
          </>
        ) : (
          <>
            <Divider orientation="left">{t('form.what')}</Divider>
            <WhatFields />
            <Divider orientation="left">{t('form.who')}</Divider>
            <SubmittersFields />
            <Divider orientation="left">{t('form.schedule')}</Divider>
            <ScheduleFields timeZone={timeZone} />
          </>
        )}
        <LateAndReminder />
      </Form>
    </Drawer>
  );
}
