import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Mentions, Tag } from 'antd';
import type { MentionsRef } from 'antd/es/mentions';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import { userSearchQuery } from '@/components/ui/user-picker';
import { useUploadAttachment } from '@/features/comments/api/attachments';
import type { AttachmentDto, MentionDto, MentionRequest } from '@/features/comments/api/list-comments';
import { MentionPicker } from '@/features/comments/components/mention-picker';
import { useCommentError } from '@/features/comments/components/use-comment-error';
import { useErrorMessage } from '@/lib/error-message';

export interface CommentDraft {
  body: string;
  mentions: MentionRequest[];
  attachment_ids: string[];
}

interface Upload {
  key: number;
  name: string;
  done?: AttachmentDto;
}

const sameMention = (a: MentionDto, b: MentionDto) => a.type === b.type && a.id === b.id;

function mentionLabel(m: MentionDto, allMembers: string): string {
  return m.type === 'department' && m.all_members ? `@${m.name}（${allMembers}）` : `@${m.name}`;
}

/** The mentions whose "@name" is still in the text: deleting the text drops the mention. */
export function mentionsInText(body: string, mentions: MentionDto[]): MentionDto[] {
  return mentions.filter((m) => body.includes(`@${m.name}`));
}

/**
 * What typing "@" offers: departments whose name has the typed text, then people the directory
 * finds for it (by name, pinyin or mail), as in Feishu and DingTalk.
 */
function useMentionOptions(search: string | null) {
  const { t } = useTranslation('comments');
  const q = search ?? '';
  const users = useQuery({ ...userSearchQuery(q), enabled: search !== null });
  const departments = useQuery({ ...departmentOptionsQuery(), enabled: search !== null });
  return [
    ...(departments.data ?? [])
      .filter((d) => d.name.toLowerCase().includes(q.toLowerCase()))
      .slice(0, 8)
      .map((d) => ({
        key: `department:${d.id}`,
        value: d.name,
        label: (
          <span>
            {d.name} <Tag bordered={false} color="purple">{t('mention.department')}</Tag>
          </span>
        ),
      })),
    ...(users.data?.items ?? []).map((u) => ({
      key: `user:${u.id}`,
      value: u.name,
      label: u.department_name ? `${u.name}（${u.department_name}）` : u.name,
    })),
  ];
}

/**
 * Text with mentions: typing "@" offers people and departments (picking one types "@name " and
 * adds it to the tags above the text; the "@ 提及" button does the same, with "all members" for a
 * department), and, for new comments, attachments uploaded as soon as they are chosen. Clears itself after `onSubmit` succeeds and
 * shows its error otherwise.
 */
export function CommentEditor({
  taskId,
  initialBody = '',
  initialMentions = [],
  withAttachments = false,
  placeholder,
  submitLabel,
  autoFocus,
  onSubmit,
  onCancel,
}: {
  taskId: string;
  initialBody?: string;
  initialMentions?: MentionDto[];
  withAttachments?: boolean;
  placeholder?: string;
  submitLabel: string;
  autoFocus?: boolean;
  onSubmit: (draft: CommentDraft) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation(['comments', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const errorText = useCommentError();
  const upload = useUploadAttachment(taskId);
  const [body, setBody] = useState(initialBody);
  const [mentions, setMentions] = useState<MentionDto[]>(initialMentions);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const textRef = useRef<MentionsRef>(null);
  const [search, setSearch] = useState<string | null>(null);
  const options = useMentionOptions(search);
  const fileRef = useRef<HTMLInputElement>(null);
  const nextKey = useRef(0);
  const uploading = uploads.some((u) => !u.done);

  const pick = (m: MentionDto) => {
    setMentions((list) => [...list.filter((x) => !sameMention(x, m)), m]);
    // Type "@name " where the cursor is, so the text reads naturally.
    const area = textRef.current?.textarea;
    const at = area ? area.selectionStart : body.length;
    const before = body.slice(0, at);
    const insert = `${before && !/\s$/.test(before) ? ' ' : ''}@${m.name} `;
    setBody(before + insert + body.slice(at));
    setTimeout(() => textRef.current?.focus(), 0);
  };

  const addFiles = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = (nextKey.current += 1);
      setUploads((list) => [...list, { key, name: file.name }]);
      upload.mutate(file, {
        onSuccess: (done) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, done } : u))),
        onError: (err) => {
          setUploads((list) => list.filter((u) => u.key !== key));
          void notify.error(t('upload_failed', { name: file.name, error: message(err) }));
        },
      });
    }
    if (fileRef.current) fileRef.current.value = '';
  };

  const submit = async () => {
    if (!body.trim() && uploads.length === 0) {
      setError(t('body_required'));
      return;
    }
    setError(null);
    setSubmitting(true);
    try {
      await onSubmit({
        body,
        mentions: mentionsInText(body, mentions).map((m) => ({
          type: m.type,
          id: m.id,
          ...(m.type === 'department' ? { all_members: m.all_members } : {}),
        })),
        attachment_ids: uploads.flatMap((u) => (u.done ? [u.done.id] : [])),
      });
      setBody('');
      setMentions([]);
      setUploads([]);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical gap={8} data-testid="comment-editor">
      {mentions.length > 0 && (
        <Flex gap={4} wrap data-testid="comment-mentions">
          {mentions.map((m) => (
            <Tag
              key={`${m.type}:${m.id}`}
              color={m.type === 'user' ? 'blue' : 'purple'}
              closable
              closeIcon={<CloseOutlined aria-label={t('mention.remove', { name: m.name })} />}
              onClose={() => setMentions((list) => list.filter((x) => !sameMention(x, m)))}
            >
              {mentionLabel(m, t('mention.all_members_tag'))}
            </Tag>
          ))}
        </Flex>
      )}
      <Mentions
        ref={textRef}
        value={body}
        onChange={setBody}
        options={options}
        filterOption={false}
        onSearch={(text) => setSearch(text)}
        onSelect={(option) => {
          const [type, id] = String(option.key ?? '').split(':');
          if ((type === 'user' || type === 'department') && id) {
            const m: MentionDto = { type, id, name: String(option.value ?? ''), all_members: false };
            setMentions((list) => [...list.filter((x) => !sameMention(x, m)), m]);
          }
          setSearch(null);
        }}
        onBlur={() => setSearch(null)}
        notFoundContent={t('mention.none_found')}
        placeholder={placeholder ?? t('placeholder')}
        aria-label={placeholder ?? t('placeholder')}
        autoSize={{ minRows: 2, maxRows: 12 }}
        autoFocus={autoFocus}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
        }}
      />
      {uploads.length > 0 && (
        <Flex gap={4} wrap>
          {uploads.map((u) => (
            <Tag
              key={u.key}
              icon={<PaperClipOutlined />}
              closable={!!u.done}
              closeIcon={<CloseOutlined aria-label={t('remove_attachment', { name: u.name })} />}
              onClose={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
            >
              {u.done ? u.name : t('uploading', { name: u.name })}
            </Tag>
          ))}
        </Flex>
      )}
      {error && <Alert type="error" showIcon message={error} data-testid="comment-error" />}
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex gap={8}>
          <MentionPicker onPick={pick} disabled={submitting} />
          {withAttachments && (
            <>
              <Button size="small" icon={<PaperClipOutlined />} onClick={() => fileRef.current?.click()}>
                {t('attach')}
              </Button>
              <input
                ref={fileRef}
                type="file"
                multiple
                hidden
                data-testid="comment-file-input"
                onChange={(e) => addFiles(e.target.files)}
              />
            </>
          )}
        </Flex>
        <Flex gap={8}>
          {onCancel && (
            <Button size="small" onClick={onCancel}>
              {t('common:actions.cancel')}
            </Button>
          )}
          <Button type="primary" size="small" loading={submitting} disabled={uploading} onClick={() => void submit()}>
            {submitLabel}
          </Button>
        </Flex>
      </Flex>
    </Flex>
  );
}
