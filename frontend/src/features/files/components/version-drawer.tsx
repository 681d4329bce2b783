import { App, Button, Divider, Drawer, Flex, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { LoadMore } from '@/components/ui/load-more';
import { useDownloadFile } from '@/features/files/api/download-file';
import { useFileChanges, useFileVersions, useRestoreVersion } from '@/features/files/api/file-versions';
import type { FileChangeDto, FileDto, FileVersionDto } from '@/features/files/api/list-files';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatBytes, formatDateTime } from '@/lib/format';

/** The versions (download each; 回退到此版本 for those who may change the file) and the change log. */
function VersionHistory({ file }: { file: FileDto }) {
  const { t, i18n } = useTranslation(['files', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const versions = useFileVersions(file);
  const changes = useFileChanges(file);
  const restore = useRestoreVersion(file.task_id);
  const download = useDownloadFile();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const current = file.current_version.number;

  const doRestore = (v: FileVersionDto) =>
    restore.mutateAsync({ fileId: file.id, number: v.number }).then(
      (dto) => void notify.success(t('versions.restored', { number: v.number, created: dto.current_version.number })),
      (err: unknown) => void notify.error(message(err)),
    );

  const doDownload = (v: FileVersionDto) =>
    download.mutate(
      { file, number: v.number },
      { onError: (err) => void notify.error(t('download_failed', { error: message(err) })) },
    );

  const changeItems = changes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div data-testid="version-drawer">
      <List<FileVersionDto>
        loading={versions.isLoading}
        dataSource={versions.data ?? []}
        locale={versions.error ? { emptyText: message(versions.error) } : undefined}
        renderItem={(v) => (
          <List.Item
            data-testid="file-version"
            data-version={v.number}
            actions={[
              <Button key="download" type="link" size="small" onClick={() => doDownload(v)}>
                {t('versions.download')}
              </Button>,
              ...(file.can_write && v.number !== current
                ? [
                    <AsyncPopconfirm
                      key="restore"
                      title={t('versions.restore_confirm_title', { number: v.number })}
                      description={t('versions.restore_confirm', { number: v.number })}
                      okText={t('common:actions.confirm')}
                      cancelText={t('common:actions.cancel')}
                      onConfirm={() => doRestore(v)}
                    >
                      <Button type="link" size="small">
                        {t('versions.restore')}
                      </Button>
                    </AsyncPopconfirm>,
                  ]
                : []),
            ]}
          >
            <Space direction="vertical" size={2}>
              <Space size={4} wrap>
                <Typography.Text strong>{t('version_label', { number: v.number })}</Typography.Text>
                {v.number === current && <Tag color="blue">{t('versions.current')}</Tag>}
                {v.restored_from !== null && <Tag>{t('versions.restored_from', { number: v.restored_from })}</Tag>}
              </Space>
              {v.note ? (
                <Typography.Text>{v.note}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('versions.no_note')}</Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('versions.by', { name: v.created_by.name, at: formatDateTime(v.created_at, lng, me?.time_zone) })}
                {' · '}
                {formatBytes(v.size_bytes, lng)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Divider orientation="left">{t('versions.changes')}</Divider>
      <Flex vertical>
        <List<FileChangeDto>
          size="small"
          loading={changes.isLoading}
          dataSource={changeItems}
          locale={{ emptyText: changes.error ? message(changes.error) : t('versions.no_changes') }}
          renderItem={(c) => (
            <List.Item data-testid="file-change">
              <Typography.Text>{c.summary}</Typography.Text>
            </List.Item>
          )}
        />
        <LoadMore pages={changes} />
      </Flex>
    </div>
  );
}

/** 版本历史 of a file, in a drawer; `file` null closes it. */
export function VersionDrawer({ file, onClose }: { file: FileDto | null; onClose: () => void }) {
  const { t } = useTranslation('files');
  return (
    <Drawer
      open={file !== null}
      onClose={onClose}
      width={560}
      title={file ? t('versions.title', { name: file.name }) : ''}
      destroyOnHidden
    >
      {file && <VersionHistory file={file} />}
    </Drawer>
  );
}
