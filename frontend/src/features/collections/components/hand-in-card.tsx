import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, ConfigProvider, DatePicker, Flex, Form, Input, InputNumber, Select, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHandIn, useRemoveHandInFile, useUploadHandInFile } from '@/features/collections/api/hand-in';
import {
  answersOf,
  type Answers,
  type CollectionDto,
  type FieldSpec,
  type RoundDto,
  type SubmissionDto,
} from '@/features/collections/api/types';
import { HandedFiles } from '@/features/collections/components/handed-files';
import { SubmissionStatusTag, unitName } from '@/features/collections/components/labels';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/** `files` holds no value: it is where errors about the files show. */
type Values = { answers?: Record<string, string | number | Dayjs | null | undefined>; files?: never };

/** Why the caller cannot hand in now (as `can_submit` says), in the words people use. */
function blockedReason(
  s: SubmissionDto,
  c: CollectionDto,
  round: RoundDto,
  meId: string | undefined,
): 'closed' | 'accepted' | 'not_answerer' | 'late' | 'other' | null {
  if (s.can_submit) return null;
  if (round.state === 'closed') return 'closed';
  if (s.status === 'accepted') return 'accepted';
  if (!s.answerers.some((u) => u.id === meId)) return 'not_answerer';
  if (s.missing && !c.allow_late) return 'late';
  return 'other';
}

function initialAnswers(fields: FieldSpec[], answers: Answers): Values['answers'] {
  const out: NonNullable<Values['answers']> = {};
  for (const f of fields) {
    const v = answers[f.key];
    if (f.kind === 'date') out[f.key] = typeof v === 'string' ? dayjs(v) : null;
    else if (typeof v === 'number' || typeof v === 'string') out[f.key] = v;
  }
  return out;
}

/** The form's answers as the API wants them: dates as YYYY-MM-DD, empty ones left out. */
function toAnswers(fields: FieldSpec[], values: Values['answers']): Answers {
  const out: Answers = {};
  for (const f of fields) {
    const v = values?.[f.key];
    if (v === undefined || v === null || v === '') continue;
    out[f.key] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** The input of one answer; Form.Item hands it `id`, `value` and `onChange`, passed on as they are. */
function AnswerInput({ field, ...control }: { field: FieldSpec; id?: string; value?: never; onChange?: never }) {
  const { t } = useTranslation('collections');
  switch (field.kind) {
    case 'number':
      return <InputNumber style={{ width: 220 }} {...control} />;
    case 'date':
      return <DatePicker style={{ width: 220 }} {...control} />;
    case 'choice':
      return (
        <Select
          style={{ width: 220 }}
          allowClear
          placeholder={t('hand_in.choose')}
          options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
          {...control}
        />
      );
    case 'text':
      return <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} {...control} />;
  }
}

/** The files part of the form (`files`, so a 422 about them shows here): the list and 上传文件. */
function FilesPart({
  collection,
  submission,
  onUploadError,
}: {
  collection: CollectionDto;
  submission: SubmissionDto;
  onUploadError: (err: unknown) => void;
}) {
  const { t } = useTranslation('collections');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const form = Form.useFormInstance();
  const upload = useUploadHandInFile(submission.task_id);
  const remove = useRemoveHandInFile(submission.task_id);
  const [progress, setProgress] = useState<number | null>(null);
  const types = collection.spec.files?.types ?? [];
  const removable = submission.can_submit && (submission.status === 'pending' || submission.status === 'returned');
  return (
    <Flex vertical gap={8}>
      {submission.files.length === 0 ? (
        <Typography.Text type="secondary">{t('hand_in.no_files')}</Typography.Text>
      ) : (
        <HandedFiles
          files={submission.files}
          onRemove={
            removable
              ? (f) =>
                  remove.mutateAsync({ id: submission.id, fileId: f.file_id }).then(
                    () => void notify.success(t('hand_in.removed', { name: f.name })),
                    (err: unknown) => void notify.error(message(err)),
                  )
              : undefined
          }
        />
      )}
      {submission.can_submit && (
        <Upload
          showUploadList={false}
          multiple={false}
          accept={types.length > 0 ? types.map((x) => `.${x}`).join(',') : undefined}
          customRequest={({ file, onSuccess, onError }) => {
            setProgress(0);
            upload.mutateAsync({ id: submission.id, file: file as File, onProgress: setProgress }).then(
              (s) => {
                setProgress(null);
                form.setFields([{ name: 'files', errors: [] }]);
                void notify.success(t('hand_in.uploaded', { name: (file as File).name }));
                onSuccess?.(s);
              },
              (err: unknown) => {
                setProgress(null);
                onUploadError(err);
                onError?.(asApiError(err));
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} loading={progress !== null}>
            {progress !== null && progress > 0 ? `${t('hand_in.upload')} ${progress}%` : t('hand_in.upload')}
          </Button>
        </Upload>
      )}
    </Flex>
  );
}

/**
 * One submission the caller answers for (or whose department they head): what is asked, the
 * files handed in (upload; the same name again is a new version; remove before hand-in), the
 * form, and 提交. When it cannot be handed in now, says why; a sent-back one shows the reason.
 */
export function HandInCard({
  collection,
  round,
  submission,
  timeZone,
}: {
  collection: CollectionDto;
  round: RoundDto;
  submission: SubmissionDto;
  timeZone?: string;
}) {
  const { t, i18n } = useTranslation(['collections', 'errors']);
  const { message: notify } = App.useApp();
  const { message, fieldMessage, applyToForm } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const handIn = useHandIn(submission.task_id);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const fields = collection.spec.fields ?? [];
  const blocked = blockedReason(submission, collection, round, me?.id);
  const handedIn = submission.status === 'submitted' || submission.status === 'accepted';

  const onUploadError = (err: unknown) => {
    const e = asApiError(err);
    const codes = e.fields['file'] ?? [];
    if (codes.length > 0) form.setFields([{ name: 'files', errors: codes.map(fieldMessage) }]);
    else setError(message(e));
  };

  const submit = async (v: Values) => {
    setError(null);
    form.setFields([{ name: 'files', errors: [] }]);
    try {
      await handIn.mutateAsync({ id: submission.id, answers: toAnswers(fields, v.answers) });
      void notify.success(t('hand_in.submitted'));
    } catch (err) {
      const leftovers = applyToForm(form, err);
      setError([message(err), ...leftovers].join(' '));
    }
  };

  return (
    <Card
      size="small"
      title={unitName(submission)}
      extra={<SubmissionStatusTag submission={submission} />}
      data-testid="hand-in-card"
      data-unit={unitName(submission)}
    >
      <Flex vertical gap={12}>
        <Typography.Text type={submission.missing ? 'danger' : 'secondary'}>
          {t('hand_in.due', { due: formatDateTime(submission.due_at, lng, timeZone) })}
        </Typography.Text>
        {submission.status === 'returned' && submission.review && (
          <Alert
            type="warning"
            showIcon
            message={t('hand_in.returned', { name: submission.review.by.name })}
            description={submission.review.comment ?? undefined}
            data-testid="returned-alert"
          />
        )}
        {blocked && <Alert type="info" showIcon message={t(`hand_in.blocked.${blocked}`)} data-testid="blocked-reason" />}
        {handedIn && submission.submitted_at && (
          <Typography.Text type="secondary">
            {t('hand_in.submitted_at', {
              name: submission.submitted_by?.name ?? '',
              at: formatDateTime(submission.submitted_at, lng, timeZone),
            })}
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />}
        <Form<Values>
          form={form}
          name={`hand-in-${submission.id}`}
          layout="vertical"
          initialValues={{ answers: initialAnswers(fields, answersOf(submission)) }}
          onFinish={(v) => void submit(v)}
        >
          {collection.spec.files && (
            <Form.Item name="files" label={t('hand_in.files')} extra={submission.can_submit ? t('hand_in.upload_hint') : undefined}>
              <FilesPart collection={collection} submission={submission} onUploadError={onUploadError} />
            </Form.Item>
          )}
          {/* Only the inputs: the file downloads stay available whatever the status. */}
          <ConfigProvider componentDisabled={!submission.can_submit}>
            {fields.map((f) => (
              <Form.Item
                key={f.key}
                name={['answers', f.key]}
                label={f.label}
                rules={f.required ? [{ required: true, message: t('errors:field.required') }] : []}
              >
                <AnswerInput field={f} />
              </Form.Item>
            ))}
          </ConfigProvider>
          {submission.can_submit && (
            <Button type="primary" htmlType="submit" loading={handIn.isPending}>
              {t(handedIn || submission.status === 'returned' ? 'hand_in.resubmit' : 'hand_in.submit')}
            </Button>
          )}
        </Form>
      </Flex>
    </Card>
  );
}
