import { Alert, App, Form, Input, Modal, Progress, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileAccessRequest, FileDto } from '@/features/files/api/list-files';
import { useUploadFile, useUploadVersion } from '@/features/files/api/upload-file';
import { AccessSelector, accessRequest, useAccessRule } from '@/features/files/components/access-selector';
import { FileDetailsFields } from '@/features/files/components/file-edit-modal';
import { FilePicker } from '@/features/files/components/file-picker';
import { useFileFormError } from '@/features/files/components/use-file-error';
import { asApiError } from '@/lib/api/api-error';

/** What to upload: a new file (maybe already chosen, e.g. dropped on the tab) or a version of one. */
export type UploadTarget = { kind: 'new'; file?: File } | { kind: 'version'; of: FileDto };

type Values = {
  file?: File;
  name?: string;
  description?: string;
  access?: FileAccessRequest;
  note?: string;
};

/**
 * 上传文件 (name, description, access, note) or 上传新版本 (note), sent with a progress bar. A new
 * file named like a live one (known from the list, or answered 409 `exists`) is offered as that
 * file's new version instead.
 */
function UploadDialog({
  taskId,
  target,
  liveFiles,
  onClose,
}: {
  taskId: string;
  target: UploadTarget;
  liveFiles: FileDto[];
  onClose: () => void;
}) {
  const { t } = useTranslation(['files', 'common', 'errors']);
  const { message: notify, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const formError = useFileFormError();
  const accessRule = useAccessRule();
  const uploadNew = useUploadFile(taskId);
  const uploadVersion = useUploadVersion(taskId);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const isVersion = target.kind === 'version';


  const done = (file: FileDto) => {
    void notify.success(t('upload.done', { name: file.name, number: file.current_version.number }));
    onClose();
  };

  /** Runs one upload with the progress bar; answers the error, if any. */
  const run = async (send: (opts: { onProgress: (p: number) => void; signal: AbortSignal }) => Promise<FileDto>) => {
    setError(null);
    setPercent(0);
    abort.current = new AbortController();
    try {
      done(await send({ onProgress: setPercent, signal: abort.current.signal }));
      return null;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return null;
      return err;
    } finally {
      setPercent(null);
      abort.current = null;
    }
  };

  const sendVersion = async (fileId: string, file: File, note?: string) => {
    const err = await run((opts) => uploadVersion.mutateAsync({ fileId, file, note, ...opts }));
    if (err) setError(formError(form, err));
  };

  const offerAsVersion = (existing: { id: string; name: string }, file: File, note?: string) =>
    modal.confirm({
      title: t('upload.as_version_title'),
      content: t('upload.as_version_content', { name: existing.name }),
      okText: t('upload.as_version_ok'),
      cancelText: t('common:actions.cancel'),
      onOk: () => void sendVersion(existing.id, file, note),
    });

  const submit = async (v: Values) => {
    if (!v.file) return;
    const file = v.file;
    const note = v.note?.trim() || undefined;
    if (target.kind === 'version') {
      await sendVersion(target.of.id, file, note);
      return;
    }
    const name = (v.name ?? '').trim() || file.name;
    const same = liveFiles.find((f) => f.name === name);
    if (same) {
      offerAsVersion(same, file, note);
      return;
    }
    const err = await run((opts) =>
      uploadNew.mutateAsync({
        file,
        name,
        description: v.description?.trim() || undefined,
        note,
        access: accessRequest(v.access),
        ...opts,
      }),
    );
    if (!err) return;
    const e = asApiError(err);
    const existing = e.allowed[0];
    if (e.fields['name']?.includes('exists') && existing) offerAsVersion({ id: existing, name }, file, note);
    else setError(formError(form, e));
  };

  const cancel = () => {
    abort.current?.abort();
    onClose();
  };

  const initialValues: Values =
    target.kind === 'new'
      ? { file: target.file, name: target.file?.name, access: { level: 'collaborators', department_ids: [], user_ids: [] } }
      : {};

  return (
    <Modal
      open
      title={target.kind === 'version' ? t('upload.version_title', { name: target.of.name }) : t('upload.title')}
      okText={t('upload.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={percent !== null}
      onOk={() => form.submit()}
      onCancel={cancel}
      maskClosable={percent === null}
      width={640}
    >
      <div data-testid="upload-modal">
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="upload-error" />}
        <Form
          form={form}
          name="file-upload"
          layout="vertical"
          initialValues={initialValues}
          onFinish={(v) => void submit(v)}
          onValuesChange={(changed: Values, all: Values) => {
            // A newly chosen file names the upload unless a name was typed.
            if (changed.file && !isVersion && (!all.name || !form.isFieldTouched('name'))) {
              form.setFieldValue('name', changed.file.name);
            }
          }}
          disabled={percent !== null}
        >
          <Form.Item name="file" label={t('upload.file')} rules={[{ required: true, message: t('upload.file_required') }]}>
            <FilePicker hint={t('upload.choose_hint')} testId="upload-file-picker" />
          </Form.Item>
          {!isVersion && (
            <>
              <FileDetailsFields />
              <Form.Item name="access" label={t('access.label')} rules={[accessRule]}>
                <AccessSelector />
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('upload.note')}>
            <Input maxLength={500} placeholder={t('upload.note_placeholder')} />
          </Form.Item>
        </Form>
        {percent !== null && (
          <div data-testid="upload-progress">
            <Progress percent={percent} status="active" aria-label={t('upload.progress')} />
            {percent === 100 && <Typography.Text type="secondary">{t('upload.processing')}</Typography.Text>}
          </div>
        )}
      </div>
    </Modal>
  );
}

/** Mounted afresh for each target: a new form, nothing left from the previous upload. */
export function UploadModal(props: {
  taskId: string;
  target: UploadTarget | null;
  liveFiles: FileDto[];
  onClose: () => void;
}) {
  return props.target ? <UploadDialog {...props} target={props.target} /> : null;
}
