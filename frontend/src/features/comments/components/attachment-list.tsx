import { FileOutlined } from '@ant-design/icons';
import { App, Button, Flex, Image, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadAttachment } from '@/features/comments/api/attachments';
import type { AttachmentDto } from '@/features/comments/api/list-comments';
import { useErrorMessage } from '@/lib/error-message';
import { formatNumber } from '@/lib/format';

function formatSize(bytes: number, lng: string): string {
  if (bytes < 1024) return `${formatNumber(bytes, lng)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10, lng)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10, lng)} MB`;
}

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

/** Opens a file in a new tab (images, PDF) or saves it, from a blob URL: a link cannot send the token. */
async function openAttachment(a: AttachmentDto) {
  const blob = await downloadAttachment(a.id);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = a.file_name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
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
              openAttachment(a).catch((err: unknown) => void notify.error(t('download_failed', { error: message(err) })))
            }
          >
            {a.file_name}
          </Button>
          <Typography.Text type="secondary">{formatSize(a.size_bytes, lng)}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}
