import { Alert, App, Button, Empty, Flex, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateComment } from '@/features/comments/api/create-comment';
import { useComments, type CommentDto } from '@/features/comments/api/list-comments';
import { CommentEditor } from '@/features/comments/components/comment-editor';
import { CommentItem } from '@/features/comments/components/comment-item';
import { useErrorMessage } from '@/lib/error-message';
import { usePhone } from '@/lib/use-phone';

interface ReplyTarget {
  /** The thread (top-level comment) the reply joins. */
  threadId: string;
  /** Who is answered, for the placeholder. */
  name: string;
}

/** 讨论: the task's comments (pinned first) with one level of replies, and the box for a new one. */
export function CommentThread({ taskId }: { taskId: string }) {
  const { t } = useTranslation('comments');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const comments = useComments(taskId);
  const create = useCreateComment(taskId);
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null);
  const phone = usePhone();

  const reply = (thread: CommentDto) => (c: CommentDto) => setReplyTo({ threadId: thread.id, name: c.author.name });

  if (comments.isLoading) {
    return (
      <Flex justify="center" style={{ padding: 24 }}>
        <Spin />
      </Flex>
    );
  }

  const items = comments.data ?? [];
  const editor = (
    <CommentEditor
      taskId={taskId}
      submitLabel={t('send')}
      withAttachments
      onSubmit={async (draft) => {
        await create.mutateAsync(draft);
        void notify.success(t('posted'));
      }}
    />
  );
  return (
    <Flex vertical gap={12} data-testid="comment-thread">
      {comments.error && <Alert type="error" showIcon message={message(comments.error)} />}
      {items.length === 0 && !comments.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
      ) : (
        <div>
          {comments.hasNextPage && (
            <Flex justify="center" style={{ marginBottom: 8 }}>
              <Button size="small" onClick={() => void comments.fetchNextPage()} loading={comments.isFetchingNextPage}>
                {t('earlier')}
              </Button>
            </Flex>
          )}
          {items.map((c) => {
            const onReply = c.deleted ? undefined : reply(c);
            return (
              <CommentItem key={c.id} comment={c} taskId={taskId} onReply={onReply}>
                {(c.replies.length > 0 || replyTo?.threadId === c.id) && (
                  <div style={{ marginTop: 4, marginInlineStart: 24, paddingInlineStart: 12, borderInlineStart: '2px solid #f0f0f0' }}>
                    {c.replies.map((r) => (
                      <CommentItem key={r.id} comment={r} taskId={taskId} onReply={onReply} />
                    ))}
                    {replyTo?.threadId === c.id && (
                      <div style={{ paddingBlock: 8 }} data-testid="reply-editor">
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('replying_to', { name: replyTo.name })}
                        </Typography.Text>
                        <CommentEditor
                          key={`${replyTo.threadId}:${replyTo.name}`}
                          taskId={taskId}
                          placeholder={t('reply_placeholder', { name: replyTo.name })}
                          submitLabel={t('reply')}
                          withAttachments
                          autoFocus
                          onCancel={() => setReplyTo(null)}
                          onSubmit={async (draft) => {
                            await create.mutateAsync({ ...draft, parent_id: c.id });
                            setReplyTo(null);
                            void notify.success(t('posted'));
                          }}
                        />
                      </div>
                    )}
                  </div>
                )}
              </CommentItem>
            );
          })}
        </div>
      )}
      {phone ? (
        <>
          {/* Room at the end of the page, so the fixed box covers no comment. */}
          <div style={{ height: 132 }} aria-hidden />
          {/* A phone: the box stays at the bottom of the screen while the task scrolls above it. */}
          <div
            data-testid="comment-box-fixed"
            style={{
              position: 'fixed',
              insetInline: 0,
              bottom: 0,
              zIndex: 15,
              background: '#fff',
              padding: '8px 8px calc(8px + env(safe-area-inset-bottom))',
              boxShadow: '0 -2px 8px rgba(0, 0, 0, 0.08)',
              maxHeight: '50vh',
              overflowY: 'auto',
            }}
          >
            {editor}
          </div>
        </>
      ) : (
        editor
      )}
    </Flex>
  );
}
