import { Col, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { HandInsTodo } from '@/features/collections/components/hand-ins-todo';
import { NotificationsPanel } from '@/features/notifications/components/notifications-panel';
import { MyTasks } from '@/features/tasks/components/my-tasks';
import { useCurrentUser } from '@/lib/auth/current-user';

/** 我的工作: what I must hand in (待我提交), my tasks (to act on, owned, collaborating) and my notifications. */
export function DashboardRoute() {
  const { t } = useTranslation('dashboard');
  const { data: me } = useCurrentUser();
  if (!me) return null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('greeting', { name: me.name })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.department_name ? t('department', { department: me.department_name }) : t('no_department')}
          {' · '}
          {t('intro')}
        </Typography.Text>
      </div>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <HandInsTodo timeZone={me.time_zone} />
            <MyTasks />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <NotificationsPanel />
        </Col>
      </Row>
    </Space>
  );
}
