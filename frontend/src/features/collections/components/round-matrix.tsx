import { Alert, App, Button, Flex, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadMore } from '@/components/ui/load-more';
import { useReviewSubmission } from '@/features/collections/api/review-submission';
import { useRoundSubmissions } from '@/features/collections/api/round-submissions';
import {
  answersOf,
  SUBMISSION_STATUSES,
  type CollectionDto,
  type RoundDto,
  type SubmissionDto,
  type SubmissionStatus,
} from '@/features/collections/api/types';
import { HandedFiles } from '@/features/collections/components/handed-files';
import { answerText, SubmissionStatusTag, unitName } from '@/features/collections/components/labels';
import { ReturnModal } from '@/features/collections/components/return-modal';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

type Filter = SubmissionStatus | 'all';

const rowProps = (s: SubmissionDto) =>
  ({ 'data-testid': 'submission-row', 'data-unit': unitName(s) }) as HTMLAttributes<HTMLElement>;

function Answers({ collection, submission }: { collection: CollectionDto; submission: SubmissionDto }) {
  const { i18n } = useTranslation();
  const answers = answersOf(submission);
  const shown = (collection.spec.fields ?? []).filter((f) => answers[f.key] !== undefined && answers[f.key] !== null);
  return (
    <Flex vertical gap={0}>
      {shown.map((f) => (
        <Typography.Text key={f.key} style={{ fontSize: 13 }}>
          <Typography.Text type="secondary">{f.label}：</Typography.Text>
          {answerText(answers[f.key], i18n.resolvedLanguage ?? 'zh-CN')}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** 确认 for a handed-in submission, 退回 for a handed-in or accepted one: the collector's. */
function ReviewActions({ submission, onReturn }: { submission: SubmissionDto; onReturn: () => void }) {
  const { t } = useTranslation('collections');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const review = useReviewSubmission(submission.task_id);
  if (!submission.can_review) return null;
  return (
    <Space size={0}>
      {submission.status === 'submitted' && (
        <Button
          type="link"
          size="small"
          loading={review.isPending}
          onClick={() =>
            review.mutate(
              { id: submission.id },
              {
                onSuccess: () => void notify.success(t('matrix.accepted_done', { unit: unitName(submission) })),
                onError: (err) => void notify.error(message(err)),
              },
            )
          }
        >
          {t('matrix.accept')}
        </Button>
      )}
      {(submission.status === 'submitted' || submission.status === 'accepted') && (
        <Button type="link" size="small" danger onClick={onReturn}>
          {t('matrix.return')}
        </Button>
      )}
    </Space>
  );
}

/**
 * A round's matrix for the collector: every department and person asked, who answers for it, the
 * status (逾期未交 past the deadline, 逾期提交 when handed in late), when, the files and answers,
 * and 确认 / 退回; filtered by status on the server, 50 a page ("加载更多").
 */
export function RoundMatrix({ collection, round, timeZone }: { collection: CollectionDto; round: RoundDto; timeZone?: string }) {
  const { t, i18n } = useTranslation(['collections', 'common']);
  const { message } = useErrorMessage();
  const [filter, setFilter] = useState<Filter>('all');
  const [returning, setReturning] = useState<SubmissionDto | null>(null);
  const query = useRoundSubmissions(collection.task_id, round.id, filter === 'all' ? [] : [filter]);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const pages = query.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.items);
  const counts = pages[0]?.counts ?? round.counts;

  const columns: ColumnsType<SubmissionDto> = [
    {
      key: 'unit',
      title: t('matrix.unit'),
      render: (_, s) => (
        <Space size={4}>
          <Typography.Text strong>{unitName(s)}</Typography.Text>
          {s.person && <Tag>{t('matrix.person')}</Tag>}
        </Space>
      ),
    },
    { key: 'answerers', title: t('matrix.answerers'), render: (_, s) => s.answerers.map((u) => u.name).join(t('common:list_sep')) },
    { key: 'status', title: t('matrix.status'), render: (_, s) => <SubmissionStatusTag submission={s} /> },
    {
      key: 'submitted_at',
      title: t('matrix.submitted_at'),
      render: (_, s) =>
        s.submitted_at ? (
          <Flex vertical>
            <span>{formatDateTime(s.submitted_at, lng, timeZone)}</span>
            {s.submitted_by && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.submitted_by.name}
              </Typography.Text>
            )}
          </Flex>
        ) : null,
    },
    ...(collection.spec.files ? [{ key: 'files', title: t('matrix.files'), render: (_: unknown, s: SubmissionDto) => <HandedFiles files={s.files} /> }] : []),
    ...((collection.spec.fields ?? []).length > 0
      ? [
          {
            key: 'answers',
            title: t('matrix.answers'),
            render: (_: unknown, s: SubmissionDto) => <Answers collection={collection} submission={s} />,
          },
        ]
      : []),
    {
      key: 'actions',
      title: t('matrix.actions'),
      render: (_, s) => <ReviewActions submission={s} onReturn={() => setReturning(s)} />,
    },
  ];

  const count = (f: Filter) => {
    if (!counts) return '';
    return ` (${f === 'all' ? counts.total : counts[f]})`;
  };

  return (
    <Flex vertical gap={12} data-testid="round-matrix">
      <Radio.Group
        value={filter}
        onChange={(e) => setFilter(e.target.value as Filter)}
        optionType="button"
        size="small"
        options={(['all', ...SUBMISSION_STATUSES] as Filter[]).map((f) => ({
          value: f,
          label: `${f === 'all' ? t('matrix.all') : t(`status.${f}`)}${count(f)}`,
        }))}
        style={{ alignSelf: 'flex-start' }}
      />
      {query.error && <Alert type="error" showIcon message={message(query.error)} />}
      <Table<SubmissionDto>
        rowKey="id"
        size="small"
        loading={query.isLoading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={rowProps}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('matrix.empty') }}
      />
      <LoadMore pages={query} />
      {returning && <ReturnModal submission={returning} onClose={() => setReturning(null)} />}
    </Flex>
  );
}
