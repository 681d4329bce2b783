import { Alert, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A secret the server sends only once (an access token, a signing secret, a private feed URL):
 * a warning, the secret with a copy button, then `children`. The parent keeps the secret in state
 * and drops it in `onClose`; a null `secret` closes the modal, so it is never shown again.
 */
export function SecretOnceModal({
  secret,
  title,
  warning,
  copyTooltips,
  testId,
  onClose,
  children,
}: {
  secret: string | null;
  title: string;
  warning: string;
  /** The copy button's tooltip before and after copying. */
  copyTooltips: [copy: string, copied: string];
  /** The `data-testid` of the secret's paragraph. */
  testId: string;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <Modal
      open={secret !== null}
      title={title}
      onCancel={onClose}
      onOk={onClose}
      okText={t('actions.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={warning} style={{ marginBottom: 16 }} />
      {secret && (
        <Typography.Paragraph
          code
          copyable={{ text: secret, tooltips: copyTooltips }}
          data-testid={testId}
          style={{ wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      )}
      {children}
    </Modal>
  );
}
