import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shows a new token's secret. The parent drops the secret on close, so it is shown only once. */
export function TokenCreatedModal({ token, onClose }: { token: string | null; onClose: () => void }) {
  const { t } = useTranslation(['profile', 'common']);
  return (
    <Modal
      open={token !== null}
      title={t('tokens.created_title')}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common:actions.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('tokens.created_warning')} style={{ marginBottom: 16 }} />
      {token && (
        <Typography.Paragraph
          code
          copyable={{ text: token, tooltips: [t('tokens.copy'), t('tokens.copied')] }}
          data-testid="created-token"
          style={{ wordBreak: 'break-all' }}
        >
          {token}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
