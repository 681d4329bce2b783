import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useUnreadCount } from '@/features/notifications/api/unread-count';

/** Header bell: the unread count (polled), linking to 我的工作 where the inbox is. */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const { data: count = 0 } = useUnreadCount();
  return (
    <Link to={paths.dashboard} aria-label={t('bell', { count })} title={t('bell', { count })}>
      <Badge count={count} size="small" overflowCount={99}>
        <Button type="text" shape="circle" icon={<BellOutlined />} tabIndex={-1} />
      </Badge>
    </Link>
  );
}
