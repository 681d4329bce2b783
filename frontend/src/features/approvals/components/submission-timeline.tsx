import { Descriptions, List, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AssignmentDto, StepDto, SubmissionDto } from '@/features/approvals/api/types';
import { AssignmentStateTag, ModeTag, RequestStatusTag, StepStateTag } from '@/features/approvals/components/status-tags';
import { formatDateTime } from '@/lib/format';

const MINUTE = 60_000;

/** A span of time, wall clock: "2 天 3 小时", "3 小时 5 分", "5 分钟". */
function useDuration() {
  const { t } = useTranslation('approvals');
  return (from: string, to: string | null): string => {
    const ms = (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime();
    const minutes = Math.max(0, Math.floor(ms / MINUTE));
    if (minutes < 1) return t('duration.under_minute');
    const days = Math.floor(minutes / (24 * 60));
    const hours = Math.floor((minutes % (24 * 60)) / 60);
    if (days > 0) return t('duration.days_hours', { days, hours });
    if (hours > 0) return t('duration.hours_minutes', { hours, minutes: minutes % 60 });
    return t('duration.minutes', { minutes });
  };
}

function Assignment({ a, timeZone }: { a: AssignmentDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('approvals');
  const duration = useDuration();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const at = (iso: string) => formatDateTime(iso, lng, timeZone);
  return (
    <List.Item data-testid="approval-assignment" style={{ display: 'block', paddingBlock: 6 }}>
      <Space wrap size={4}>
        <Typography.Text strong>{a.approver.name}</Typography.Text>
        <AssignmentStateTag state={a.state} />
        {a.automatic && (
          <Tag color="cyan">{t(a.state === 'approved' ? 'timeline.auto_approved' : 'timeline.automatic')}</Tag>
        )}
        {a.origin !== 'flow' && (
          <Typography.Text type="secondary">
            {t(`timeline.origin.${a.origin}`, { name: a.via?.name ?? t('timeline.someone') })}
          </Typography.Text>
        )}
      </Space>
      {a.acted_at && (
        <div>
          <Typography.Text type="secondary">
            {a.activated_at
              ? t('timeline.acted_after', { at: at(a.acted_at), duration: duration(a.activated_at, a.acted_at) })
              : t('timeline.acted', { at: at(a.acted_at) })}
          </Typography.Text>
        </div>
      )}
      {!a.acted_at && a.state === 'pending' && a.activated_at && (
        <div>
          <Typography.Text type="warning">{t('timeline.waiting_for', { duration: duration(a.activated_at, null) })}</Typography.Text>
        </div>
      )}
      {a.comment && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }} data-testid="approval-comment">
          {a.comment}
        </Typography.Paragraph>
      )}
    </List.Item>
  );
}

const STEP_COLORS: Record<StepDto['state'], string> = { waiting: 'gray', active: 'blue', approved: 'green', ended: 'red' };

/** One submission: who sent which flow when, how it ended, and its steps as a timeline. */
export function SubmissionTimeline({ submission, timeZone }: { submission: SubmissionDto; timeZone?: string }) {
  const { t, i18n } = useTranslation(['approvals', 'common']);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const at = (iso: string | null) => formatDateTime(iso, lng, timeZone);
  const s = submission;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="submission-timeline">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'submitted',
            label: t('submission.number', { number: s.number }),
            children: t('submission.submitted', { name: s.submitted_by.name, at: at(s.submitted_at) }),
          },
          { key: 'flow', label: t('submission.flow'), children: s.flow_name },
          { key: 'outcome', label: t('submission.outcome'), children: <RequestStatusTag status={s.outcome} /> },
          ...(s.ended_at
            ? [
                {
                  key: 'ended',
                  label: t('submission.ended'),
                  children: t('submission.ended_by', { name: s.ended_by?.name ?? t('common:empty'), at: at(s.ended_at) }),
                },
              ]
            : []),
          ...(s.end_comment
            ? [
                {
                  key: 'end_comment',
                  label: t('submission.end_comment'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{s.end_comment}</span>,
                },
              ]
            : []),
          ...(s.copied.length > 0
            ? [{ key: 'copied', label: t('submission.copied'), children: s.copied.map((u) => u.name).join(t('common:list_sep')) }]
            : []),
        ]}
      />
      <Timeline
        items={s.steps.map((step) => ({
          key: step.index,
          color: STEP_COLORS[step.state],
          children: (
            <div data-testid="approval-step">
              <Space wrap size={4}>
                <Typography.Text strong>
                  {t('timeline.step', { n: step.index + 1, name: step.name })}
                </Typography.Text>
                <ModeTag mode={step.mode} />
                <StepStateTag state={step.state} />
                <Typography.Text type="secondary">{t('timeline.sla', { hours: step.sla_working_hours })}</Typography.Text>
              </Space>
              <List
                size="small"
                split={false}
                dataSource={step.assignments}
                rowKey="id"
                renderItem={(a) => <Assignment a={a} timeZone={timeZone} />}
              />
              {step.cc.length > 0 && (
                <Typography.Text type="secondary">
                  {t('timeline.cc', { names: step.cc.map((u) => u.name).join(t('common:list_sep')) })}
                </Typography.Text>
              )}
            </div>
          ),
        }))}
      />
    </Space>
  );
}
