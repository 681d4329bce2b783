import { FileOutlined } from '@ant-design/icons';
import { App, Button, Flex, Image, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadAttachment } from '@/features/comments/api/attachments';
import type { AttachmentDto } from '@/features/comments/api/list-comments';
import { useErrorMessage } from '@/lib/error-message';
import { formatBytes } from '@/lib/format';
import { saveBlob } from '@/lib/save-file';

/** An image attachment, fetched with the bearer token and shown from a blob URL. */
function Thumbnail({ attachment }: { attachment: AttachmentDto }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    downloadAttachment(attachment.id).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      },
      () => {
        // The file link below still offers the download (and reports its error).
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attachment.id]);
  if (!src) return null;
  return <Image src={src} alt={attachment.file_name} width={96} height={96} style={{ objectFit: 'cover' }} />;
}

/** Saves a file from a blob URL: a link cannot send the token. */
async function openAttachment(a: AttachmentDto) {
  saveBlob(await downloadAttachment(a.id), a.file_name);
}

export function AttachmentList({ attachments }: { attachments: AttachmentDto[] }) {
  const { t, i18n } = useTranslation('comments');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => a.content_type.startsWith('image/'));
  return (
    <Flex vertical gap={4} style={{ marginTop: 8 }}>
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {images.map((a) => (
              <Thumbnail key={a.id} attachment={a} />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {attachments.map((a) => (
        <Flex key={a.id} align="center" gap={4} data-testid="attachment">
          <FileOutlined />
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() =>
              void openAttachment(a).catch(
                (err: unknown) => void notify.error(t('download_failed', { error: message(err) })),
              )
            }
          >
            {a.file_name}
          </Button>
          <Typography.Text type="secondary">{formatBytes(a.size_bytes, lng)}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}
