import { Alert, Card, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore } from '@/components/ui/load-more';
import { taskTabPath } from '@/config/paths';
import { useApprovalCounts } from '@/features/approvals/api/get-approval-counts';
import { useApprovals } from '@/features/approvals/api/list-approvals';
import { APPROVAL_BOXES, type ApprovalBox, type ApprovalItemDto } from '@/features/approvals/api/types';
import { AssignmentStateTag, RequestStatusTag } from '@/features/approvals/components/status-tags';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime, formatMoney } from '@/lib/format';

function ApprovalBoxList({ box, timeZone }: { box: ApprovalBox; timeZone?: string }) {
  const { t, i18n } = useTranslation(['approvals', 'common']);
  const { message } = useErrorMessage();
  const list = useApprovals(box);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const empty = t('common:empty');

  const columns = [
    {
      title: t('list.columns.title'),
      key: 'title',
      render: (_: unknown, a: ApprovalItemDto) => (
        <Space direction="vertical" size={0}>
          <Link to={taskTabPath(a.task_id, 'request')}>{a.title}</Link>
          {a.submission_number !== null && a.submission_number > 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('submission.number', { number: a.submission_number })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('list.columns.initiator'), key: 'initiator', render: (_: unknown, a: ApprovalItemDto) => a.initiator.name },
    {
      title: t('list.columns.total'),
      key: 'total',
      align: 'right' as const,
      render: (_: unknown, a: ApprovalItemDto) => (a.total ? formatMoney(a.total, lng) : empty),
    },
    {
      title: t('list.columns.status'),
      key: 'status',
      render: (_: unknown, a: ApprovalItemDto) => <RequestStatusTag status={a.status} />,
    },
    {
      title: t('list.columns.step'),
      key: 'step',
      render: (_: unknown, a: ApprovalItemDto) => a.current_step_name ?? empty,
    },
    ...(box === 'done'
      ? [
          {
            title: t('list.columns.mine'),
            key: 'mine',
            render: (_: unknown, a: ApprovalItemDto) => (
              <Space direction="vertical" size={0}>
                {a.my_state && <AssignmentStateTag state={a.my_state} />}
                {a.my_comment && <Typography.Text type="secondary">{a.my_comment}</Typography.Text>}
              </Space>
            ),
          },
        ]
      : []),
    {
      title: t(`list.columns.at_${box}`),
      key: 'at',
      render: (_: unknown, a: ApprovalItemDto) => formatDateTime(a.at, lng, timeZone),
    },
  ];

  if (list.error) return <Alert type="error" showIcon message={message(list.error)} />;
  return (
    <>
      <Table<ApprovalItemDto>
        // A line has no id of its own: the task, the submission and when it entered the box.
        rowKey={(a) => `${a.task_id}-${a.submission_number ?? 0}-${a.at}`}
        size="middle"
        pagination={false}
        loading={list.isLoading}
        columns={columns}
        dataSource={list.data ?? []}
        locale={{ emptyText: t(`list.empty.${box}`) }}
      />
      <LoadMore pages={list} />
    </>
  );
}

/** 审批: 待我审批 / 我已处理 / 我发起的 / 抄送我的, each tab with its count. */
export function ApprovalsPage({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation('approvals');
  const counts = useApprovalCounts();
  const [box, setBox] = useState<ApprovalBox>('todo');
  return (
    <Card title={t('title')}>
      <Typography.Paragraph type="secondary">{t('description')}</Typography.Paragraph>
      <Tabs
        activeKey={box}
        onChange={(k) => setBox(k as ApprovalBox)}
        items={APPROVAL_BOXES.map((b) => ({
          key: b,
          label: counts.data ? `${t(`tabs.${b}`)} (${counts.data[b]})` : t(`tabs.${b}`),
          children: <ApprovalBoxList box={b} timeZone={timeZone} />,
        }))}
      />
    </Card>
  );
}
