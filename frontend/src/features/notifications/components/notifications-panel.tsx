import { Alert, App, Badge, Button, Card, Flex, List, Segmented, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { paths, taskPath, taskTabPath } from '@/config/paths';
import { useNotifications, type NotificationDto } from '@/features/notifications/api/list-notifications';
import { useAcknowledge } from '@/features/notifications/api/acknowledge';
import { useMarkAllRead } from '@/features/notifications/api/mark-all-read';
import { useMarkRead } from '@/features/notifications/api/mark-read';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/**
 * Where a notification leads: help requests to 求助 (where they are answered), approvals to the
 * task's request section (where they are decided), collections to the task's 收集 tab (where they
 * are handed in and reviewed), weekly-summary reminders to 本周协作总结,
 * everything else to its task, if any.
 */
export function notificationTarget(n: Pick<NotificationDto, 'kind' | 'task_id'>): string | null {
  if (n.kind.startsWith('help_')) return paths.helpRequests;
  if (n.kind.startsWith('approval_') && n.task_id) return taskTabPath(n.task_id, 'request');
  if (n.kind.startsWith('collection_') && n.task_id) return taskTabPath(n.task_id, 'collections');
  if (n.task_id) return taskPath(n.task_id);
  if (n.kind.startsWith('weekly_')) return paths.weeklySummaries;
  return null;
}

type Props = {
  /** Without the card's border (inside the bell's popover). */
  bordered?: boolean;
  /** Called after a click opened what a notification is about (the bell closes its list). */
  onOpened?: () => void;
};

/** The inbox: unread count, all/unread filter; a click marks read and opens what it is about. */
export function NotificationsPanel({ bordered = true, onOpened }: Props) {
  const { t, i18n } = useTranslation(['notifications', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const navigate = useNavigate();
  const { data: me } = useCurrentUser();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const ack = useAcknowledge();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread_count ?? 0;
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  const open = (n: NotificationDto) => {
    if (!n.read_at) markRead.mutate(n.id, { onError: (err) => void notify.error(message(err)) });
    const target = notificationTarget(n);
    if (target) {
      void navigate(target);
      onOpened?.();
    }
  };

  return (
    <Card
      variant={bordered ? 'outlined' : 'borderless'}
      title={
        <Flex align="center" gap={8}>
          <span>{t('title')}</span>
          <Badge count={unread} overflowCount={99} data-testid="notifications-unread" />
        </Flex>
      }
      extra={
        <Button
          size="small"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: () => void notify.success(t('marked_all_read')),
              onError: (err) => void notify.error(message(err)),
            })
          }
        >
          {t('mark_all_read')}
        </Button>
      }
    >
      <Segmented
        size="small"
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(v) => setUnreadOnly(v === 'unread')}
        options={[
          { value: 'all', label: t('all') },
          { value: 'unread', label: t('unread') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {list.error && <Alert type="error" showIcon message={message(list.error)} />}
      <List<NotificationDto>
        loading={list.isLoading}
        dataSource={items}
        locale={{ emptyText: unreadOnly ? t('empty_unread') : t('empty') }}
        renderItem={(n) => (
          <List.Item
            data-testid="notification"
            onClick={() => open(n)}
            style={{ cursor: notificationTarget(n) ? 'pointer' : 'default', paddingInline: 4 }}
            actions={[
              // A short mark, the time in its tooltip: the title keeps the row's width.
              n.acked_at ? (
                <Tooltip key="acked" title={t('acked_at', { at: formatDateTime(n.acked_at, lng, me?.time_zone) })}>
                  <Tag color="success" style={{ marginInlineEnd: 0 }}>
                    {t('acked_short')}
                  </Tag>
                </Tooltip>
              ) : (
                <Tooltip key="ack" title={t('ack_help')}>
                  <Button
                    size="small"
                    loading={ack.isPending && ack.variables === n.id}
                    onClick={(e) => {
                      e.stopPropagation();
                      ack.mutate(n.id, {
                        onSuccess: () => void notify.success(t('acked')),
                        onError: (err) => void notify.error(message(err)),
                      });
                    }}
                  >
                    {t('ack')}
                  </Button>
                </Tooltip>
              ),
            ]}
          >
            <List.Item.Meta
              avatar={<Badge status={n.read_at ? 'default' : 'processing'} />}
              title={
                <Typography.Text strong={!n.read_at} type={n.read_at ? 'secondary' : undefined}>
                  {n.title}
                </Typography.Text>
              }
              description={formatDateTime(n.created_at, lng, me?.time_zone)}
            />
          </List.Item>
        )}
      />
      {list.hasNextPage && (
        <Flex justify="center">
          <Button type="link" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common:actions.load_more')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
