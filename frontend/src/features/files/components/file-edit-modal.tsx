import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileAccessRequest, FileDto } from '@/features/files/api/list-files';
import { useUpdateFile, type UpdateFileRequest } from '@/features/files/api/update-file';
import { AccessSelector, accessRequest, accessValue, useAccessRule } from '@/features/files/components/access-selector';
import { useFileFormError } from '@/features/files/components/use-file-error';

/** Which part of a file the modal changes: 重命名/编辑说明, or 权限 (who may see it). */
export type EditPart = 'details' | 'access';

type Values = { name?: string; description?: string; access?: FileAccessRequest };

const sameIds = (a: string[] = [], b: string[] = []) => [...a].sort().join() === [...b].sort().join();

/** The form fields 文件名 (required) and 说明, for uploading a file and for editing one. */
export function FileDetailsFields() {
  const { t } = useTranslation(['files', 'errors']);
  return (
    <>
      <Form.Item
        name="name"
        label={t('upload.name')}
        rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
      >
        <Input maxLength={255} />
      </Form.Item>
      <Form.Item name="description" label={t('upload.description')}>
        <Input.TextArea rows={2} maxLength={2000} placeholder={t('upload.description_placeholder')} />
      </Form.Item>
    </>
  );
}

/** Sends only what changed, with If-Match: a change by someone else meanwhile answers 412. */
function FileEditDialog({ file, part, onClose }: { file: FileDto; part: EditPart; onClose: () => void }) {
  const { t } = useTranslation(['files', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<Values>();
  const formError = useFileFormError();
  const accessRule = useAccessRule();
  const update = useUpdateFile(file.task_id);
  const [error, setError] = useState<string | null>(null);

  const submit = (v: Values) => {
    const body: UpdateFileRequest = {};
    if (part === 'details') {
      const name = (v.name ?? '').trim();
      if (name !== file.name) body.name = name;
      if ((v.description ?? '') !== file.description) body.description = v.description ?? '';
    } else {
      const access = accessRequest(v.access);
      const before = accessValue(file.access);
      if (
        access.level !== before.level ||
        !sameIds(access.department_ids, before.department_ids) ||
        !sameIds(access.user_ids, before.user_ids)
      ) {
        body.access = access;
      }
    }
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    setError(null);
    update.mutate(
      { id: file.id, version: file.version, body },
      {
        onSuccess: () => {
          void notify.success(t('edit.saved'));
          onClose();
        },
        onError: (err) => setError(formError(form, err)),
      },
    );
  };

  return (
    <Modal
      open
      title={part === 'details' ? t('edit.title') : t('edit.share_title', { name: file.name })}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={part === 'details' ? 520 : 640}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="file-edit-error" />}
      <Form
        form={form}
        name="file-edit"
        layout="vertical"
        initialValues={{ name: file.name, description: file.description, access: accessValue(file.access) }}
        onFinish={submit}
      >
        {part === 'details' ? (
          <FileDetailsFields />
        ) : (
          <Form.Item name="access" label={t('access.label')} rules={[accessRule]}>
            <AccessSelector knownPeople={file.access.people} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Mounted afresh for each file: a new form, nothing left from the previous one. */
export function FileEditModal({ file, part, onClose }: { file: FileDto | null; part: EditPart; onClose: () => void }) {
  return file ? <FileEditDialog file={file} part={part} onClose={onClose} /> : null;
}
