import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

export function ComingSoon({ module }: { module: string }) {
  const { t } = useTranslation();
  return <Result status="info" title={t('coming_soon.title', { module })} subTitle={t('coming_soon.description')} />;
}
