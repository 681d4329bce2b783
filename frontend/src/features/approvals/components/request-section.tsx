import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Divider, Empty, Flex, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ExportButton } from '@/components/ui/export-button';
import { PageSpinner } from '@/components/ui/query-fallback';
import { taskTabPath } from '@/config/paths';
import { useRequest } from '@/features/approvals/api/get-request';
import { EarlierSubmissions } from '@/features/approvals/components/earlier-submissions';
import { RequestActions } from '@/features/approvals/components/request-actions';
import { RequestFormEditor } from '@/features/approvals/components/request-form-editor';
import { RequestFormView } from '@/features/approvals/components/request-form-view';
import { RequestStatusTag } from '@/features/approvals/components/status-tags';
import { SubmissionTimeline } from '@/features/approvals/components/submission-timeline';
import { useErrorMessage } from '@/lib/error-message';
import { formatMoney } from '@/lib/format';

/**
 * 资源申请 on a resource-request task's page: the form (editable while a draft, returned or
 * withdrawn, for whoever may edit it), the actions of whoever may act, the current submission's
 * timeline and the earlier ones. `canEdit`: whether the reader may edit the task, which decides
 * who fills in a form that was never saved (the request does not exist until then).
 */
export function RequestSection({ taskId, canEdit, timeZone }: { taskId: string; canEdit: boolean; timeZone?: string }) {
  const { t, i18n } = useTranslation(['approvals', 'common', 'exports']);
  const { message } = useErrorMessage();
  const query = useRequest(taskId);
  // The editor is shown anew (from what the server has) after a save and after a 412.
  const [generation, setGeneration] = useState(0);
  const [reloaded, setReloaded] = useState(false);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  if (query.isLoading) return <PageSpinner />;
  if (query.error) return <Alert type="error" showIcon message={message(query.error)} />;
  const r = query.data ?? null;
  const editable = r ? r.can.edit : canEdit;
  const current = r?.current ?? null;

  const onStale = () => {
    void query.refetch().then(() => {
      setReloaded(true);
      setGeneration((g) => g + 1);
    });
  };
  const onSaved = () => {
    setReloaded(false);
    setGeneration((g) => g + 1);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="request-section">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space wrap>
          {r ? <RequestStatusTag status={r.status} /> : <RequestStatusTag status="draft" />}
          {r && <Typography.Text>{t('section.initiator', { name: r.initiator.name })}</Typography.Text>}
          {r?.total && (
            <Typography.Text>
              {t('form.total')}：<Typography.Text strong>{formatMoney(r.total, lng)}</Typography.Text>
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          <Link to={taskTabPath(taskId, 'files')}>
            <PaperClipOutlined /> {t('section.files')}
          </Link>
          {/* 审批单: the form as submitted and its approvals, so only once there is a submission. */}
          {current && (
            <ExportButton request={{ kind: 'approval_form', task_id: taskId }} label={t('exports:approval_form')} />
          )}
        </Space>
      </Flex>
      {r?.status === 'returned' && editable && (
        <Alert
          type="warning"
          showIcon
          message={t('section.returned', { name: current?.ended_by?.name ?? t('common:empty') })}
          description={current?.end_comment ?? undefined}
        />
      )}
      {reloaded && (
        <Alert type="warning" showIcon closable message={t('form.reloaded')} onClose={() => setReloaded(false)} />
      )}
      {r && <RequestActions request={r} />}
      {editable ? (
        <RequestFormEditor key={generation} taskId={taskId} request={r} onSaved={onSaved} onStale={onStale} />
      ) : r ? (
        <RequestFormView form={r.form} total={r.total} />
      ) : (
        <Empty description={t('section.no_form')} />
      )}
      {current && (
        <>
          <Divider orientation="left" style={{ margin: '8px 0' }}>
            {t('submission.current')}
          </Divider>
          <SubmissionTimeline submission={current} timeZone={timeZone} />
        </>
      )}
      {current && current.number > 1 && (
        <EarlierSubmissions taskId={taskId} currentId={current.id} count={current.number - 1} timeZone={timeZone} />
      )}
    </Space>
  );
}
