import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnreadCount } from '@/features/notifications/api/unread-count';
import { NotificationsPanel } from '@/features/notifications/components/notifications-panel';

/**
 * Header bell: the unread count (live), opening the notification list over whatever page is
 * shown; opening a notification goes to what it is about and closes the list.
 */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const { data: count = 0 } = useUnreadCount();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      destroyOnHidden
      styles={{ body: { padding: 0 } }}
      content={
        <div
          role="dialog"
          aria-label={t('title')}
          style={{ width: 'min(420px, calc(100vw - 24px))', maxHeight: '70vh', overflowY: 'auto' }}
        >
          <NotificationsPanel bordered={false} onOpened={() => setOpen(false)} />
        </div>
      }
    >
      <Badge count={count} size="small" overflowCount={99}>
        <Button
          type="text"
          shape="circle"
          icon={<BellOutlined />}
          aria-label={t('bell', { count })}
          title={t('bell', { count })}
          aria-haspopup="dialog"
          aria-expanded={open}
        />
      </Badge>
    </Popover>
  );
}
