import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '@/lib/auth/current-user';

export function WelcomeCard({ user }: { user: Me }) {
  const { t } = useTranslation('dashboard');
  return (
    <Card>
      <Typography.Title level={3}>{t('greeting', { name: user.name })}</Typography.Title>
      <Typography.Paragraph>
        {user.department_name ? t('department', { department: user.department_name }) : t('no_department')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
    </Card>
  );
}
