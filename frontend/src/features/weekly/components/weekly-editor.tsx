import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSaveWeeklySummary } from '@/features/weekly/api/save-weekly-summary';
import type { WeeklyDraft, WeeklySummaryWeek } from '@/features/weekly/api/types';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

const FIELDS = ['done', 'problems', 'next_week'] as const;

function ReadOnlyBlock({ label, text }: { label: string; text: string }) {
  const { t } = useTranslation('weekly');
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <Typography.Paragraph
        type={text.trim() ? undefined : 'secondary'}
        style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
      >
        {text.trim() ? text : t('none')}
      </Typography.Paragraph>
    </div>
  );
}

/**
 * The week's 本周完成 / 遇到的问题 / 下周计划: prefilled from the posted summary, else the
 * platform's draft. Heads save (If-Match once posted); everyone else reads.
 */
export function WeeklyEditor({
  departmentId,
  week,
  data,
  canWrite,
}: {
  departmentId: string;
  week: string;
  data: WeeklySummaryWeek;
  canWrite: boolean;
}) {
  const { t } = useTranslation(['weekly', 'common']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const [form] = Form.useForm<WeeklyDraft>();
  const save = useSaveWeeklySummary();
  const { summary, draft } = data;
  const shown: WeeklyDraft = summary ?? draft;
  const error = save.error ? asApiError(save.error) : null;

  if (!canWrite) {
    return (
      <>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={summary ? t('read_only') : t('read_only_draft')}
        />
        {FIELDS.map((f) => (
          <ReadOnlyBlock key={f} label={t(`fields.${f}`)} text={shown[f]} />
        ))}
      </>
    );
  }

  const errorText = (e: ReturnType<typeof asApiError>) => {
    if (e.status === 403) return t('heads_only');
    if (e.code === 'version_mismatch') return t('conflict');
    return message(e);
  };

  return (
    <Form
      form={form}
      name="weekly-summary"
      layout="vertical"
      initialValues={shown}
      onFinish={(v) =>
        save.mutate(
          { departmentId, week, version: summary?.version ?? null, body: v },
          {
            onSuccess: () => void notify.success(summary ? t('updated') : t('posted')),
            onError: (err) => {
              const e = asApiError(err);
              // The refetch brings a new version and a fresh form; the toast outlives it.
              if (e.code === 'version_mismatch') void notify.error(t('conflict'));
              applyToForm(form, e);
            },
          },
        )
      }
    >
      {!summary && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('from_draft')} />}
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={errorText(error)} />}
      {FIELDS.map((f) => (
        <Form.Item key={f} name={f} label={t(`fields.${f}`)}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={10000} />
        </Form.Item>
      ))}
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {summary ? t('save') : t('post')}
        </Button>
        <Button
          onClick={() => {
            form.setFieldsValue(draft);
            void notify.info(t('filled'));
          }}
        >
          {t('fill_from_draft')}
        </Button>
      </Space>
    </Form>
  );
}
