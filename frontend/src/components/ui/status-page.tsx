import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';

/** Full-page 403 / 404 answers. */
export function StatusPage({ status }: { status: 403 | 404 }) {
  const { t } = useTranslation();
  const key = status === 403 ? 'forbidden' : 'not_found';
  return (
    <Result
      status={status === 403 ? '403' : '404'}
      title={t(`${key}.title`)}
      subTitle={t(`${key}.description`)}
      extra={
        <Link to={paths.dashboard}>
          <Button type="primary">{t('actions.back_home')}</Button>
        </Link>
      }
    />
  );
}
