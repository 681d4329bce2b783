import { Alert, App, Button, Card, DatePicker, Empty, Flex, Input, Select, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DepartmentSelect } from '@/components/ui/department-select';
import { FilterSheet } from '@/components/ui/filter-sheet';
import { LoadMore } from '@/components/ui/load-more';
import { UserPicker } from '@/components/ui/user-picker';
import { taskTabPath } from '@/config/paths';
import {
  useCompanyFiles,
  type CompanyFilesFilters,
  type CompanyFilesSort,
  type FileEntryDto,
} from '@/features/files/api/list-company-files';
import { useUndeleteFile } from '@/features/files/api/delete-file';
import { useTaskOptions } from '@/features/files/api/task-options';
import { AccessTag } from '@/features/files/components/access-selector';
import { FileEditModal, type EditPart } from '@/features/files/components/file-edit-modal';
import { FileActions } from '@/features/files/components/task-files';
import { UploadModal, type UploadTarget } from '@/features/files/components/upload-modal';
import { VersionDrawer } from '@/features/files/components/version-drawer';
import { useCurrentUser } from '@/lib/auth/current-user';
import {
  fileAccessLevelValues,
  fileKindValues,
  pathsApiV1FilesGetParametersQuerySortValues as sortValues,
} from '@/lib/api/schema';
import { useErrorMessage } from '@/lib/error-message';
import { formatBytes, formatDateTime } from '@/lib/format';
import { usePhone } from '@/lib/use-phone';

type View = 'live' | 'trash';

const rowProps = (e: FileEntryDto) =>
  ({ 'data-testid': 'company-file-row', 'data-file-id': e.file.id }) as HTMLAttributes<HTMLElement>;

/** The task filter: tasks matching what was typed. */
function TaskFilter({ onChange, full }: { onChange: (taskId: string | undefined) => void; full?: boolean }) {
  const { t } = useTranslation('files');
  const [search, setSearch] = useState('');
  const { data, isFetching } = useTaskOptions(search.trim());
  return (
    <Select<string>
      allowClear
      showSearch
      filterOption={false}
      placeholder={t('page.filters.task')}
      aria-label={t('page.filters.task')}
      style={{ width: full ? '100%' : 200 }}
      loading={isFetching}
      onSearch={setSearch}
      onChange={(v) => onChange(v ?? undefined)}
      options={(data?.items ?? []).map((task) => ({ value: task.id, label: task.title }))}
    />
  );
}

/**
 * The filters above the table; each change starts the list again from its first page. On a
 * phone they wait in a sheet, each control the sheet's width.
 */
function FilterBar({
  filters,
  set,
}: {
  filters: CompanyFilesFilters;
  set: (patch: Partial<CompanyFilesFilters>) => void;
}) {
  const { t } = useTranslation('files');
  const phone = usePhone();
  const width = (px: number) => (phone ? '100%' : px);
  const { q, task_id, department_id, uploader_id, type, access, updated_from, updated_to } = filters;
  const active = [q, task_id, department_id, uploader_id, type, access, updated_from ?? updated_to].filter(Boolean).length;
  const controls = (
    <>
      <Input.Search
        allowClear
        placeholder={t('page.filters.search')}
        aria-label={t('page.filters.search')}
        style={{ width: width(240) }}
        onSearch={(q) => set({ q: q.trim() || undefined })}
      />
      <TaskFilter full={phone} onChange={(task_id) => set({ task_id })} />
      <DepartmentSelect
        placeholder={t('page.filters.department')}
        aria-label={t('page.filters.department')}
        style={{ width: width(160) }}
        onChange={(v) => set({ department_id: v ?? undefined })}
      />
      <UserPicker
        placeholder={t('page.filters.uploader')}
        aria-label={t('page.filters.uploader')}
        style={{ width: width(160) }}
        onChange={(v) => set({ uploader_id: typeof v === 'string' ? v : undefined })}
      />
      <Select
        allowClear
        placeholder={t('page.filters.type')}
        aria-label={t('page.filters.type')}
        style={{ width: width(140) }}
        options={fileKindValues.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        onChange={(v: CompanyFilesFilters['type'] | undefined) => set({ type: v ?? undefined })}
      />
      <Select
        allowClear
        placeholder={t('page.filters.access')}
        aria-label={t('page.filters.access')}
        style={{ width: width(160) }}
        options={fileAccessLevelValues.map((a) => ({ value: a, label: t(`access.level.${a}`) }))}
        onChange={(v: CompanyFilesFilters['access'] | undefined) => set({ access: v ?? undefined })}
      />
      <DatePicker.RangePicker
        style={phone ? { width: '100%' } : undefined}
        placeholder={[t('page.filters.updated_from'), t('page.filters.updated_to')]}
        onChange={(range) => {
          const [from, to] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
          set({ updated_from: from?.format('YYYY-MM-DD'), updated_to: to?.format('YYYY-MM-DD') });
        }}
      />
      <Select<CompanyFilesSort>
        value={filters.sort ?? '-updated_at'}
        aria-label={t('page.filters.sort')}
        style={{ width: width(180) }}
        options={sortValues.map((s) => ({ value: s, label: t(`page.sort.${s}`) }))}
        onChange={(sort) => set({ sort })}
      />
    </>
  );
  return phone ? (
    <div>
      <FilterSheet active={active}>{controls}</FilterSheet>
    </div>
  ) : (
    <Flex wrap gap={8}>
      {controls}
    </Flex>
  );
}

/** The 回收站 tab's one button: 恢复. */
function UndeleteButton({ entry }: { entry: FileEntryDto }) {
  const { t } = useTranslation('files');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const undelete = useUndeleteFile(entry.file.task_id);
  return (
    <Button
      type="link"
      size="small"
      loading={undelete.isPending}
      onClick={() =>
        undelete.mutate(entry.file.id, {
          onSuccess: () => void notify.success(t('undeleted', { name: entry.file.name })),
          onError: (err) => void notify.error(message(err)),
        })
      }
    >
      {t('actions.undelete')}
    </Button>
  );
}

/**
 * 文件: every file the signed-in person may read, across all tasks, with search, filters, sorts
 * and "load more"; and 回收站, the files they moved to the trash, with 恢复. Each row offers what
 * the task's Files tab offers (download, versions, new version, edit, share, delete).
 */
export function FilesPage() {
  const { t, i18n } = useTranslation('files');
  const { data: me } = useCurrentUser();
  const { message } = useErrorMessage();
  const [view, setView] = useState<View>('live');
  const [filters, setFilters] = useState<CompanyFilesFilters>({});
  const query = useCompanyFiles({ ...filters, ...(view === 'trash' ? { deleted: true } : {}) });
  const [upload, setUpload] = useState<{ taskId: string; target: UploadTarget } | null>(null);
  const [versionsOf, setVersionsOf] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; part: EditPart } | null>(null);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const entries = query.data ?? [];
  // By id, so the drawer and modals follow the list as it refreshes.
  const byId = (id: string | null | undefined) => entries.find((e) => e.file.id === id)?.file ?? null;
  const set = (patch: Partial<CompanyFilesFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const columns: ColumnsType<FileEntryDto> = [
    {
      key: 'name',
      title: t('columns.name'),
      render: (_, e) => (
        <Flex vertical>
          <Typography.Text strong>{e.file.name}</Typography.Text>
          {e.file.description && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.file.description}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'task',
      title: t('page.columns.task'),
      render: (_, e) =>
        e.task.title === null ? (
          <Typography.Text type="secondary">{t('page.hidden_task')}</Typography.Text>
        ) : (
          <Link to={taskTabPath(e.task.id, 'files')}>{e.task.title}</Link>
        ),
    },
    { key: 'uploader', title: t('columns.uploader'), render: (_, e) => e.file.created_by.name },
    { key: 'department', title: t('page.columns.department'), render: (_, e) => e.department?.name ?? '—' },
    { key: 'type', title: t('page.columns.type'), render: (_, e) => t(`kind.${e.file.kind}`) },
    { key: 'size', title: t('columns.size'), render: (_, e) => formatBytes(e.file.current_version.size_bytes, lng) },
    view === 'trash'
      ? { key: 'deleted_at', title: t('columns.deleted_at'), render: (_, e) => formatDateTime(e.file.deleted_at, lng, me?.time_zone) }
      : { key: 'updated_at', title: t('columns.updated_at'), render: (_, e) => formatDateTime(e.file.updated_at, lng, me?.time_zone) },
    { key: 'access', title: t('columns.access'), render: (_, e) => <AccessTag access={e.file.access} /> },
    {
      key: 'actions',
      title: t('columns.actions'),
      render: (_, e) =>
        view === 'trash' ? (
          <UndeleteButton entry={e} />
        ) : (
          <FileActions
            file={e.file}
            onUpload={(target) => setUpload({ taskId: e.file.task_id, target })}
            onVersions={(f) => setVersionsOf(f.id)}
            onEdit={(f, part) => setEditing({ id: f.id, part })}
          />
        ),
    },
  ];

  return (
    <Card title={t('page.title')} data-testid="files-page">
      <Tabs
        activeKey={view}
        onChange={(k) => setView(k as View)}
        items={[
          { key: 'live', label: t('views.live') },
          { key: 'trash', label: t('views.trash') },
        ]}
      />
      <Flex vertical gap={12}>
        <FilterBar filters={filters} set={set} />
        {view === 'trash' && <Typography.Text type="secondary">{t('page.trash_hint')}</Typography.Text>}
        {query.error && <Alert type="error" showIcon message={message(query.error)} />}
        <Table<FileEntryDto>
          rowKey={(e) => e.file.id}
          size="middle"
          loading={query.isLoading}
          columns={columns}
          dataSource={entries}
          pagination={false}
          onRow={rowProps}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={view === 'trash' ? t('trash_empty') : t('page.empty')}
              />
            ),
          }}
        />
        <LoadMore pages={query} />
      </Flex>
      {upload && (
        <UploadModal taskId={upload.taskId} target={upload.target} liveFiles={[]} onClose={() => setUpload(null)} />
      )}
      <VersionDrawer file={byId(versionsOf)} onClose={() => setVersionsOf(null)} />
      <FileEditModal file={byId(editing?.id)} part={editing?.part ?? 'details'} onClose={() => setEditing(null)} />
    </Card>
  );
}
