import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useDownload } from '@/features/collections/api/downloads';
import type { SubmittedFileDto } from '@/features/collections/api/types';
import { useErrorMessage } from '@/lib/error-message';
import { formatBytes } from '@/lib/format';

/** A file's name as a link that downloads it (through the API client, with the bearer token). */
export function FileLink({ fileId, name }: { fileId: string; name: string }) {
  const { t } = useTranslation('collections');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const download = useDownload();
  return (
    <Button
      type="link"
      size="small"
      icon={<PaperClipOutlined />}
      style={{ paddingInline: 0, height: 'auto' }}
      loading={download.isPending}
      onClick={() =>
        download.mutate(
          { kind: 'file', fileId, name },
          { onError: (err) => void notify.error(t('round.download_failed', { error: message(err) })) },
        )
      }
    >
      {name}
    </Button>
  );
}

/**
 * A submission's files, each a download (through the API client, with the bearer token) with its
 * version and size; `onRemove` adds 移除 (before hand-in).
 */
export function HandedFiles({
  files,
  onRemove,
}: {
  files: SubmittedFileDto[];
  onRemove?: (file: SubmittedFileDto) => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation(['collections', 'common']);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <Flex vertical gap={2}>
      {files.map((f) => (
        <Flex key={f.file_id} align="center" gap={4} wrap data-testid="handed-file">
          <FileLink fileId={f.file_id} name={f.name} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('matrix.version', { n: f.version })} · {formatBytes(f.size_bytes, lng)}
          </Typography.Text>
          {onRemove && (
            <AsyncPopconfirm
              title={t('hand_in.remove_confirm', { name: f.name })}
              okText={t('common:actions.confirm')}
              cancelText={t('common:actions.cancel')}
              onConfirm={() => onRemove(f)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={`${t('hand_in.remove')} ${f.name}`}>
                {t('hand_in.remove')}
              </Button>
            </AsyncPopconfirm>
          )}
        </Flex>
      ))}
    </Flex>
  );
}
