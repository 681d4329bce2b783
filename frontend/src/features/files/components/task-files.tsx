import { Alert, App, Button, Empty, Flex, Radio, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { LoadMore } from '@/components/ui/load-more';
import { useDeleteFile, useUndeleteFile } from '@/features/files/api/delete-file';
import { useDownloadFile } from '@/features/files/api/download-file';
import { useTaskFiles, type FileDto } from '@/features/files/api/list-files';
import { AccessTag } from '@/features/files/components/access-selector';
import { FileEditModal, type EditPart } from '@/features/files/components/file-edit-modal';
import { FilePicker } from '@/features/files/components/file-picker';
import { UploadModal, type UploadTarget } from '@/features/files/components/upload-modal';
import { VersionDrawer } from '@/features/files/components/version-drawer';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatBytes, formatDateTime } from '@/lib/format';

type View = 'live' | 'trash';

const rowProps = (f: FileDto) => ({ 'data-testid': 'file-row', 'data-file-id': f.id }) as HTMLAttributes<HTMLElement>;

function NameCell({ file }: { file: FileDto }) {
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{file.name}</Typography.Text>
      {file.description && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {file.description}
        </Typography.Text>
      )}
    </Space>
  );
}

/** A list of files (live or trash): name, size and version, then `columns`. */
function FileTable({
  query,
  columns,
  emptyText,
}: {
  query: UseInfiniteQueryResult<FileDto[]>;
  columns: ColumnsType<FileDto>;
  emptyText: string;
}) {
  const { t, i18n } = useTranslation('files');
  const { message } = useErrorMessage();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const all: ColumnsType<FileDto> = [
    { key: 'name', title: t('columns.name'), render: (_, f) => <NameCell file={f} /> },
    { key: 'size', title: t('columns.size'), render: (_, f) => formatBytes(f.current_version.size_bytes, lng) },
    { key: 'version', title: t('columns.version'), render: (_, f) => t('version_label', { number: f.current_version.number }) },
    ...columns,
  ];
  return (
    <>
      {query.error && <Alert type="error" showIcon message={message(query.error)} />}
      <Table<FileDto>
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        columns={all}
        dataSource={query.data ?? []}
        pagination={false}
        onRow={rowProps}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      />
      <LoadMore pages={query} />
    </>
  );
}

/**
 * The row's buttons: only what `can_write` / `can_share` allow, besides 下载 and 版本历史 (the
 * task's Files tab and the Files page).
 */
export function FileActions({
  file,
  onUpload,
  onVersions,
  onEdit,
}: {
  file: FileDto;
  onUpload: (target: UploadTarget) => void;
  onVersions: (file: FileDto) => void;
  onEdit: (file: FileDto, part: EditPart) => void;
}) {
  const { t } = useTranslation(['files', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const download = useDownloadFile();
  const remove = useDeleteFile(file.task_id);
  return (
    <Space size={0} wrap>
      <Button
        type="link"
        size="small"
        loading={download.isPending}
        onClick={() =>
          download.mutate(
            { file },
            { onError: (err) => void notify.error(t('download_failed', { error: message(err) })) },
          )
        }
      >
        {t('actions.download')}
      </Button>
      <Button type="link" size="small" onClick={() => onVersions(file)}>
        {t('actions.versions')}
      </Button>
      {file.can_write && (
        <>
          <Button type="link" size="small" onClick={() => onUpload({ kind: 'version', of: file })}>
            {t('actions.new_version')}
          </Button>
          <Button type="link" size="small" onClick={() => onEdit(file, 'details')}>
            {t('actions.edit')}
          </Button>
        </>
      )}
      {file.can_share && (
        <Button type="link" size="small" onClick={() => onEdit(file, 'access')}>
          {t('actions.share')}
        </Button>
      )}
      {file.can_write && (
        <AsyncPopconfirm
          title={t('delete_confirm', { name: file.name })}
          description={t('delete_confirm_hint')}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            remove.mutateAsync(file.id).then(
              () => void notify.success(t('deleted')),
              (err: unknown) => void notify.error(message(err)),
            )
          }
        >
          <Button type="link" size="small" danger>
            {t('actions.delete')}
          </Button>
        </AsyncPopconfirm>
      )}
    </Space>
  );
}

/** 回收站: the deleted files the caller may bring back. */
function TrashTable({ taskId }: { taskId: string }) {
  const { t, i18n } = useTranslation('files');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const trash = useTaskFiles(taskId, true);
  const undelete = useUndeleteFile(taskId);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const columns: ColumnsType<FileDto> = [
    { key: 'deleted_at', title: t('columns.deleted_at'), render: (_, f) => formatDateTime(f.deleted_at, lng, me?.time_zone) },
    {
      key: 'actions',
      title: t('columns.actions'),
      render: (_, f) => (
        <Button
          type="link"
          size="small"
          onClick={() =>
            undelete.mutate(f.id, {
              onSuccess: () => void notify.success(t('undeleted', { name: f.name })),
              onError: (err) => void notify.error(message(err)),
            })
          }
        >
          {t('actions.undelete')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('trash_hint')}</Typography.Paragraph>
      <FileTable query={trash} columns={columns} emptyText={t('trash_empty')} />
    </>
  );
}

/**
 * The 文件 tab of a task: its files (name, size, version, uploader, time, access) with what the
 * caller may do to each, a drop area to upload, and the task's 回收站. `canUpload`: the task page's
 * estimate of whether the caller may add files; a writable file in the list also shows they may.
 */
export function TaskFiles({ taskId, canUpload = false }: { taskId: string; canUpload?: boolean }) {
  const { t, i18n } = useTranslation('files');
  const { data: me } = useCurrentUser();
  const files = useTaskFiles(taskId);
  const [view, setView] = useState<View>('live');
  const [upload, setUpload] = useState<UploadTarget | null>(null);
  const [versionsOf, setVersionsOf] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; part: EditPart } | null>(null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const items = files.data ?? [];
  const mayUpload = canUpload || items.some((f) => f.can_write);
  // By id, so the drawer and modals follow the list as it refreshes (a restore, a live event).
  const byId = (id: string | undefined) => items.find((f) => f.id === id) ?? null;

  const columns: ColumnsType<FileDto> = [
    { key: 'uploader', title: t('columns.uploader'), render: (_, f) => f.current_version.created_by.name },
    { key: 'updated_at', title: t('columns.updated_at'), render: (_, f) => formatDateTime(f.updated_at, lng, me?.time_zone) },
    { key: 'access', title: t('columns.access'), render: (_, f) => <AccessTag access={f.access} /> },
    {
      key: 'actions',
      title: t('columns.actions'),
      render: (_, f) => (
        <FileActions
          file={f}
          onUpload={setUpload}
          onVersions={(x) => setVersionsOf(x.id)}
          onEdit={(x, part) => setEditing({ id: x.id, part })}
        />
      ),
    },
  ];

  return (
    <Flex vertical gap={12} data-testid="task-files">
      <Radio.Group
        value={view}
        onChange={(e) => setView(e.target.value as View)}
        optionType="button"
        buttonStyle="solid"
        options={[
          { value: 'live', label: t('views.live') },
          { value: 'trash', label: t('views.trash') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {view === 'trash' ? (
        <TrashTable taskId={taskId} />
      ) : (
        <>
          {mayUpload && (
            <FilePicker
              testId="file-dragger"
              hint={t('dragger.title')}
              detail={t('dragger.hint')}
              onChange={(file) => setUpload({ kind: 'new', file })}
            />
          )}
          <FileTable query={files} columns={columns} emptyText={t('empty')} />
        </>
      )}
      <UploadModal taskId={taskId} target={upload} liveFiles={items} onClose={() => setUpload(null)} />
      <VersionDrawer file={versionsOf ? byId(versionsOf) : null} onClose={() => setVersionsOf(null)} />
      <FileEditModal
        file={editing ? byId(editing.id) : null}
        part={editing?.part ?? 'details'}
        onClose={() => setEditing(null)}
      />
    </Flex>
  );
}
