import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '@/lib/auth/current-user';

export function ProfileInfo({ me }: { me: Me }) {
  const { t } = useTranslation(['profile', 'common']);
  const empty = t('common:empty');
  return (
    <Card title={t('info.title')}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('info.email')}>{me.email}</Descriptions.Item>
        <Descriptions.Item label={t('info.department')}>{me.department_name ?? empty}</Descriptions.Item>
        <Descriptions.Item label={t('info.job_title')}>{me.title ?? empty}</Descriptions.Item>
        <Descriptions.Item label={t('info.role')}>{t(`common:role.${me.role}`)}</Descriptions.Item>
        <Descriptions.Item label={t('info.supervisor')}>{me.supervisor_name ?? empty}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
