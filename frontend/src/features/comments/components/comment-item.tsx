import { PushpinFilled } from '@ant-design/icons';
import { App, Button, Flex, List, Popover, Spin, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useDeleteComment } from '@/features/comments/api/delete-comment';
import type { CommentDto } from '@/features/comments/api/list-comments';
import { useRevisions } from '@/features/comments/api/list-revisions';
import { usePinComment } from '@/features/comments/api/pin-comment';
import { useUpdateComment } from '@/features/comments/api/update-comment';
import { AttachmentList } from '@/features/comments/components/attachment-list';
import { CommentEditor } from '@/features/comments/components/comment-editor';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/** "已编辑", opening the earlier texts (plain Markdown source: never rendered as HTML). */
function EditedMark({ comment }: { comment: CommentDto }) {
  const { t, i18n } = useTranslation('comments');
  const { message } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const [open, setOpen] = useState(false);
  const revisions = useRevisions(comment.id, comment.version, open);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  let content: ReactNode;
  if (revisions.isLoading) content = <Spin size="small" />;
  else if (revisions.error) content = <Typography.Text type="danger">{message(revisions.error)}</Typography.Text>;
  else
    content = (
      <List
        size="small"
        style={{ maxWidth: 420, maxHeight: 320, overflowY: 'auto' }}
        dataSource={revisions.data ?? []}
        locale={{ emptyText: t('no_revisions') }}
        renderItem={(r) => (
          <List.Item data-testid="comment-revision">
            <Flex vertical gap={2}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('revision_replaced_at', { at: formatDateTime(r.replaced_at, lng, me?.time_zone) })}
              </Typography.Text>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.body}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    );
  return (
    <Popover trigger="click" title={t('revisions')} content={content} open={open} onOpenChange={setOpen}>
      <Button type="link" size="small" style={{ paddingInline: 0, height: 'auto' }}>
        {t('edited')}
      </Button>
    </Popover>
  );
}

/** One comment or reply: author, time, marks, the sanitized HTML, files and what the caller may do. */
export function CommentItem({
  comment,
  taskId,
  onReply,
  children,
}: {
  comment: CommentDto;
  taskId: string;
  /** Absent when no reply is possible (a deleted thread). */
  onReply?: (comment: CommentDto) => void;
  /** The replies, below the comment. */
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation(['comments', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const update = useUpdateComment(taskId);
  const remove = useDeleteComment(taskId);
  const pin = usePinComment(taskId);
  const [editing, setEditing] = useState(false);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const isTop = comment.parent_id === null;
  const pinned = comment.pinned_at !== null;
  const tagged = comment.mentions.filter((m) => m.all_members || !comment.body.includes(`@${m.name}`));

  const togglePin = () =>
    pin.mutate(
      { id: comment.id, pinned: !pinned },
      {
        onSuccess: () => void notify.success(t(pinned ? 'unpinned_done' : 'pinned_done')),
        onError: (err) => void notify.error(message(err)),
      },
    );

  const actions: ReactNode[] = [];
  if (!comment.deleted) {
    if (onReply)
      actions.push(
        <Button key="reply" type="link" size="small" onClick={() => onReply(comment)}>
          {t('reply')}
        </Button>,
      );
    if (comment.can_edit)
      actions.push(
        <Button key="edit" type="link" size="small" onClick={() => setEditing(true)}>
          {t('edit')}
        </Button>,
      );
    if (isTop && comment.can_pin)
      actions.push(
        <Button key="pin" type="link" size="small" loading={pin.isPending} onClick={togglePin}>
          {t(pinned ? 'unpin' : 'pin')}
        </Button>,
      );
    if (comment.can_delete)
      actions.push(
        <AsyncPopconfirm
          key="delete"
          title={t('delete_confirm')}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            remove.mutateAsync(comment.id).then(
              () => void notify.success(t('removed')),
              (err: unknown) => void notify.error(message(err)),
            )
          }
        >
          <Button type="link" size="small" danger>
            {t('delete')}
          </Button>
        </AsyncPopconfirm>,
      );
  }

  return (
    <div
      data-testid="comment"
      data-comment-id={comment.id}
      style={{ paddingBlock: 8, borderTop: isTop ? '1px solid #f0f0f0' : undefined }}
    >
      <Flex align="center" gap={8} wrap>
        <Typography.Text strong>{comment.author.name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(comment.created_at, lng, me?.time_zone)}
        </Typography.Text>
        {pinned && isTop && (
          <Tag icon={<PushpinFilled />} color="gold" title={comment.pinned_by ? t('pinned_by', { name: comment.pinned_by.name }) : undefined}>
            {t('pinned')}
          </Tag>
        )}
        {!comment.deleted && comment.edited_at && <EditedMark comment={comment} />}
      </Flex>
      {comment.deleted ? (
        <Typography.Text type="secondary" italic data-testid="comment-deleted">
          {t('deleted')}
        </Typography.Text>
      ) : editing ? (
        <div style={{ marginTop: 4 }}>
          <CommentEditor
            taskId={taskId}
            initialBody={comment.body}
            initialMentions={comment.mentions}
            submitLabel={t('common:actions.save')}
            autoFocus
            onCancel={() => setEditing(false)}
            onSubmit={async ({ body, mentions }) => {
              await update.mutateAsync({ id: comment.id, version: comment.version, body: { body, mentions } });
              setEditing(false);
              void notify.success(t('saved'));
            }}
          />
        </div>
      ) : (
        <>
          {/* body_html is Markdown rendered and sanitized by the server: safe to insert as is. */}
          <div className="comment-body" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: comment.body_html }} />
          {/* A mention the text already names ("@徐明") shows once, in the text; "all members" is said. */}
          {tagged.length > 0 && (
            <Flex gap={4} wrap style={{ marginTop: 4 }} data-testid="comment-mention-tags">
              {tagged.map((m) => (
                <Tag key={`${m.type}:${m.id}`} bordered={false} color={m.type === 'user' ? 'blue' : 'purple'}>
                  {m.type === 'department' && m.all_members ? `@${m.name}（${t('mention.all_members_tag')}）` : `@${m.name}`}
                </Tag>
              ))}
            </Flex>
          )}
          <AttachmentList attachments={comment.attachments} />
        </>
      )}
      {actions.length > 0 && !editing && (
        <Flex gap={12} style={{ marginTop: 2 }}>
          {actions}
        </Flex>
      )}
      {children}
    </div>
  );
}
