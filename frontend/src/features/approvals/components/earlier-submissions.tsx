import { Alert, Collapse, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageSpinner } from '@/components/ui/query-fallback';
import { useSubmissions } from '@/features/approvals/api/list-submissions';
import { RequestFormView } from '@/features/approvals/components/request-form-view';
import { RequestStatusTag } from '@/features/approvals/components/status-tags';
import { SubmissionTimeline } from '@/features/approvals/components/submission-timeline';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

function Submissions({ taskId, currentId, timeZone }: { taskId: string; currentId: string; timeZone?: string }) {
  const { t, i18n } = useTranslation('approvals');
  const { message } = useErrorMessage();
  const list = useSubmissions(taskId);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  if (list.isLoading) return <PageSpinner />;
  if (list.error) return <Alert type="error" showIcon message={message(list.error)} />;
  const earlier = (list.data ?? []).filter((s) => s.id !== currentId);
  return (
    <Collapse
      size="small"
      items={earlier.map((s) => ({
        key: s.id,
        label: (
          <Space size={8} wrap>
            <span>{t('submission.number', { number: s.number })}</span>
            <RequestStatusTag status={s.outcome} />
            <span>{formatDateTime(s.submitted_at, lng, timeZone)}</span>
          </Space>
        ),
        children: (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <RequestFormView form={s.form} />
            <SubmissionTimeline submission={s} timeZone={timeZone} />
          </Space>
        ),
      }))}
    />
  );
}

/** 历次提交: the earlier submissions of a request (each is kept), loaded when opened. */
export function EarlierSubmissions({
  taskId,
  currentId,
  count,
  timeZone,
}: {
  taskId: string;
  currentId: string;
  /** How many there are (the current one's number − 1). */
  count: number;
  timeZone?: string;
}) {
  const { t } = useTranslation('approvals');
  return (
    <Collapse
      ghost
      items={[
        {
          key: 'earlier',
          label: t('submission.earlier', { count }),
          children: <Submissions taskId={taskId} currentId={currentId} timeZone={timeZone} />,
        },
      ]}
    />
  );
}
