import { App, Button, Card, Descriptions, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { LoadMore } from '@/components/ui/load-more';
import { useRoundSubmissions } from '@/features/collections/api/round-submissions';
import type { CollectionDto, RoundDto } from '@/features/collections/api/types';
import { useUpdateCollection } from '@/features/collections/api/update-collection';
import { CollectionFormDrawer } from '@/features/collections/components/collection-form-drawer';
import { HandInCard } from '@/features/collections/components/hand-in-card';
import { FileLink } from '@/features/collections/components/handed-files';
import {
  askedLabel,
  periodLabel,
  reminderLabel,
  scheduleLabel,
  submittersLabel,
} from '@/features/collections/components/labels';
import { RoundActions } from '@/features/collections/components/round-actions';
import { RoundMatrix } from '@/features/collections/components/round-matrix';
import { RoundProgress } from '@/features/collections/components/round-progress';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/** The rounds, newest first, with their figures; a click picks the round shown below. */
function RoundsTable({
  rounds,
  selected,
  onSelect,
  timeZone,
}: {
  rounds: RoundDto[];
  selected: string;
  onSelect: (id: string) => void;
  timeZone?: string;
}) {
  const { t, i18n } = useTranslation('collections');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const columns: ColumnsType<RoundDto> = [
    { key: 'period', title: t('round.period'), render: (_, r) => periodLabel(t, r.period) },
    { key: 'due_at', title: t('round.due_at'), render: (_, r) => formatDateTime(r.due_at, lng, timeZone) },
    {
      key: 'state',
      title: t('round.state'),
      render: (_, r) => <Tag color={r.state === 'open' ? 'processing' : 'default'}>{t(`round.${r.state}`)}</Tag>,
    },
    {
      key: 'progress',
      title: t('round.progress'),
      render: (_, r) => (r.counts ? <RoundProgress round={r} counts={r.counts} /> : null),
    },
  ];
  return (
    <Table<RoundDto>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rounds}
      pagination={rounds.length > 6 ? { pageSize: 6, size: 'small' } : false}
      rowSelection={{ type: 'radio', selectedRowKeys: [selected], onChange: (keys) => onSelect(String(keys[0])) }}
      onRow={(r) => ({ onClick: () => onSelect(r.id), style: { cursor: 'pointer' }, 'data-testid': 'round-row' }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/**
 * The caller's own submissions of the round: all that the API shows a non-collector (what they
 * answer for or whose department they head), and, for the collector, those they answer for.
 */
function MyHandIns({ collection, round, timeZone }: { collection: CollectionDto; round: RoundDto; timeZone?: string }) {
  const { t } = useTranslation('collections');
  const { data: me } = useCurrentUser();
  const query = useRoundSubmissions(collection.task_id, round.id, []);
  const rows = (query.data?.pages ?? [])
    .flatMap((p) => p.items)
    .filter((s) => !collection.can_manage || s.answerers.some((u) => u.id === me?.id));
  if (rows.length === 0) return null;
  return (
    <Flex vertical gap={12} data-testid="my-hand-ins">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('hand_in.mine')}
      </Typography.Title>
      {rows.map((s) => (
        <HandInCard key={s.id} collection={collection} round={round} submission={s} timeZone={timeZone} />
      ))}
      {!collection.can_manage && <LoadMore pages={query} />}
    </Flex>
  );
}

/** 编辑 and, for a recurring collection, 停止收集 / 重新启用. */
function ManageButtons({ collection, onEdit }: { collection: CollectionDto; onEdit: () => void }) {
  const { t } = useTranslation(['collections', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const update = useUpdateCollection(collection.task_id);
  const setActive = (isActive: boolean) =>
    update.mutateAsync({ id: collection.id, version: collection.version, body: { is_active: isActive } }).then(
      () => void notify.success(t(isActive ? 'card.restarted_done' : 'card.stopped_done')),
      (err: unknown) => void notify.error(message(err)),
    );
  return (
    <Space size={4} wrap>
      <Button size="small" onClick={onEdit}>
        {t('card.edit')}
      </Button>
      {collection.schedule.kind !== 'once' &&
        (collection.is_active ? (
          <AsyncPopconfirm
            title={t('card.stop_confirm')}
            okText={t('common:actions.confirm')}
            cancelText={t('common:actions.cancel')}
            onConfirm={() => setActive(false)}
          >
            <Button size="small" danger>
              {t('card.stop')}
            </Button>
          </AsyncPopconfirm>
        ) : (
          <Button size="small" loading={update.isPending} onClick={() => void setActive(true)}>
            {t('card.restart')}
          </Button>
        ))}
    </Space>
  );
}

/**
 * One collection: what it asks of whom and by when, its rounds with their progress, and for the
 * round picked the collector's matrix (with downloads, close/reopen) and the caller's own
 * submissions to hand in.
 */
export function CollectionCard({ collection, timeZone }: { collection: CollectionDto; timeZone?: string }) {
  const { t, i18n } = useTranslation(['collections', 'common']);
  const [picked, setPicked] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const round = collection.rounds.find((r) => r.id === picked) ?? collection.rounds[0];
  const template = collection.template;
  const recurring = collection.schedule.kind !== 'once';

  return (
    <Card
      data-testid="collection-card"
      data-collection={collection.title}
      title={
        <Space wrap>
          <span>{collection.title}</span>
          <Tag>{t(`kinds.${collection.schedule.kind}`)}</Tag>
          {recurring && !collection.is_active && <Tag color="default">{t('card.stopped')}</Tag>}
          {collection.allow_late && <Tag color="blue">{t('card.allow_late')}</Tag>}
        </Space>
      }
      extra={collection.can_manage && <ManageButtons collection={collection} onEdit={() => setEditing(true)} />}
    >
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            ...(collection.instructions.trim()
              ? [
                  {
                    key: 'instructions',
                    label: t('card.instructions'),
                    span: 2,
                    children: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{collection.instructions}</Typography.Text>,
                  },
                ]
              : []),
            { key: 'asked', label: t('card.asked'), children: askedLabel(t, collection.spec) },
            {
              key: 'template',
              label: t('card.template'),
              children: template ? (
                <FileLink fileId={template.file_id} name={template.name} />
              ) : (
                t('card.no_template')
              ),
            },
            { key: 'submitters', label: t('card.submitters'), children: submittersLabel(t, collection.submitters) },
            { key: 'schedule', label: t('card.schedule'), children: scheduleLabel(t, collection.schedule, lng, timeZone) },
            ...(recurring && collection.next_due_at
              ? [{ key: 'next', label: t('card.next_due'), children: formatDateTime(collection.next_due_at, lng, timeZone) }]
              : []),
            { key: 'reminder', label: t('card.reminder'), children: reminderLabel(t, collection.remind_before_minutes) },
          ]}
        />
        {round ? (
          <>
            <RoundsTable rounds={collection.rounds} selected={round.id} onSelect={setPicked} timeZone={timeZone} />
            {collection.can_manage && (
              <>
                <RoundActions taskId={collection.task_id} round={round} />
                <RoundMatrix collection={collection} round={round} timeZone={timeZone} />
              </>
            )}
            <MyHandIns collection={collection} round={round} timeZone={timeZone} />
          </>
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={
              recurring && collection.is_active && collection.next_due_at
                ? t('card.no_rounds_recurring', { due: formatDateTime(collection.next_due_at, lng, timeZone) })
                : t('card.no_rounds')
            }
          />
        )}
      </Flex>
      {editing && (
        <CollectionFormDrawer
          taskId={collection.task_id}
          collection={collection}
          timeZone={timeZone}
          onClose={() => setEditing(false)}
        />
      )}
    </Card>
  );
}
