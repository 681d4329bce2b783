import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SecretOnceModal } from '@/components/ui/secret-once-modal';

const VERIFY_SNIPPET = 'X-Tandem-Signature: sha256=hex(HMAC-SHA256(secret, "{X-Tandem-Timestamp}.{body}"))';

/** The signing secret of a new webhook, shown this once, and how receivers check signatures. */
export function WebhookCreatedModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation('channels');
  return (
    <SecretOnceModal
      secret={secret}
      title={t('webhooks.secret_title')}
      warning={t('webhooks.secret_warning')}
      copyTooltips={[t('webhooks.copy'), t('webhooks.copied')]}
      testId="webhook-secret"
      onClose={onClose}
    >
      <Typography.Title level={5}>{t('webhooks.verify_title')}</Typography.Title>
      <Typography.Paragraph>{t('webhooks.verify_text')}</Typography.Paragraph>
      <Typography.Paragraph>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{VERIFY_SNIPPET}</pre>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('webhooks.verify_note')}
      </Typography.Paragraph>
    </SecretOnceModal>
  );
}
