import { Col, Row, Space } from 'antd';
import { NotificationPreferencesCard } from '@/features/channels/components/notification-preferences-card';
import { CalendarFeedCard } from '@/features/meetings/components/calendar-feed-card';
import { PasswordForm } from '@/features/profile/components/password-form';
import { ProfileForm } from '@/features/profile/components/profile-form';
import { ProfileInfo } from '@/features/profile/components/profile-info';
import { TokensCard } from '@/features/profile/components/tokens-card';
import { useCurrentUser } from '@/lib/auth/current-user';

export function MeRoute() {
  const { data: me } = useCurrentUser();
  if (!me) return null;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <ProfileInfo me={me} />
            <PasswordForm />
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <ProfileForm me={me} />
        </Col>
      </Row>
      <NotificationPreferencesCard />
      <TokensCard timeZone={me.time_zone} />
      <CalendarFeedCard timeZone={me.time_zone} />
    </Space>
  );
}
