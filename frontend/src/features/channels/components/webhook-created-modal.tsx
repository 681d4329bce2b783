import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const VERIFY_SNIPPET = 'X-Tandem-Signature: sha256=hex(HMAC-SHA256(secret, "{X-Tandem-Timestamp}.{body}"))';

/** The signing secret of a new webhook, shown this once, and how receivers check signatures. */
export function WebhookCreatedModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation(['channels', 'common']);
  return (
    <Modal
      open={secret !== null}
      title={t('webhooks.secret_title')}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common:actions.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={t('webhooks.secret_warning')} style={{ marginBottom: 16 }} />
      {secret && (
        <Typography.Paragraph
          code
          copyable={{ text: secret, tooltips: [t('webhooks.copy'), t('webhooks.copied')] }}
          data-testid="webhook-secret"
          style={{ wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      )}
      <Typography.Title level={5}>{t('webhooks.verify_title')}</Typography.Title>
      <Typography.Paragraph>{t('webhooks.verify_text')}</Typography.Paragraph>
      <Typography.Paragraph>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{VERIFY_SNIPPET}</pre>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('webhooks.verify_note')}
      </Typography.Paragraph>
    </Modal>
  );
}
