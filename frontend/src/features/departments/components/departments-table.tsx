import { App, Button, Checkbox, Space, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminTableCard } from '@/components/ui/admin-table-card';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useDepartments, type DepartmentDto } from '@/features/departments/api/list-departments';
import { useUpdateDepartment } from '@/features/departments/api/update-department';
import { DepartmentFormModal } from '@/features/departments/components/department-form-modal';
import { useErrorMessage } from '@/lib/error-message';
import { formatNumber } from '@/lib/format';

type Row = DepartmentDto & { children?: Row[] };

/** Nests departments under their parents; a department whose parent is not listed becomes a root. */
export function buildTree(items: DepartmentDto[]): Row[] {
  const byId = new Map<string, Row>(items.map((d) => [d.id, { ...d }]));
  const roots: Row[] = [];
  for (const row of byId.values()) {
    const parent = row.parent_id ? byId.get(row.parent_id) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

export function DepartmentsTable() {
  const { t, i18n } = useTranslation(['departments', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const [q, setQ] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const departments = useDepartments({ q, includeInactive });
  const update = useUpdateDepartment();
  const [editing, setEditing] = useState<DepartmentDto | null>(null);
  const [modalOpen, setModalOpen] = useState(false);
  const rows = useMemo(() => (q ? (departments.data ?? []) : buildTree(departments.data ?? [])), [departments.data, q]);

  const open = (d: DepartmentDto | null) => {
    setEditing(d);
    setModalOpen(true);
  };

  const setActive = (d: DepartmentDto, is_active: boolean) =>
    update.mutateAsync({ id: d.id, version: d.version, body: { is_active } }).then(
      () => void notify.success(t(is_active ? 'activated' : 'deactivated')),
      (err: unknown) => void notify.error(message(err)),
    );

  const columns = [
    { title: t('columns.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('columns.heads'),
      dataIndex: 'heads',
      key: 'heads',
      render: (heads: DepartmentDto['heads']) =>
        heads.length ? heads.map((h) => <Tag key={h.id}>{h.name}</Tag>) : t('common:empty'),
    },
    {
      title: t('columns.member_count'),
      dataIndex: 'member_count',
      key: 'member_count',
      align: 'right' as const,
      render: (n: number) => formatNumber(n, i18n.resolvedLanguage ?? 'zh-CN'),
    },
    {
      title: t('columns.status'),
      dataIndex: 'is_active',
      key: 'status',
      render: (a: boolean) => (
        <Tag color={a ? 'green' : 'default'}>{a ? t('status.active') : t('status.inactive')}</Tag>
      ),
    },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_: unknown, d: DepartmentDto) => (
        <Space>
          <Button size="small" onClick={() => open(d)}>
            {t('common:actions.edit')}
          </Button>
          {d.is_active ? (
            <AsyncPopconfirm
              title={t('deactivate_confirm', { name: d.name })}
              okText={t('common:actions.confirm')}
              cancelText={t('common:actions.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => setActive(d, false)}
            >
              <Button size="small" danger>
                {t('deactivate')}
              </Button>
            </AsyncPopconfirm>
          ) : (
            <Button size="small" onClick={() => void setActive(d, true)}>
              {t('activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <AdminTableCard<Row>
      title={t('title')}
      createLabel={t('create')}
      onCreate={() => open(null)}
      searchPlaceholder={t('search_placeholder')}
      onSearch={setQ}
      filters={
        <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)}>
          {t('show_inactive')}
        </Checkbox>
      }
      error={departments.error}
      table={{
        loading: departments.isLoading,
        dataSource: rows,
        columns,
        expandable: { defaultExpandAllRows: true },
        footer: () => t('common:total', { count: departments.data?.length ?? 0 }),
      }}
    >
      <DepartmentFormModal open={modalOpen} department={editing} onClose={() => setModalOpen(false)} />
    </AdminTableCard>
  );
}
