import { Button, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminTableCard } from '@/components/ui/admin-table-card';
import { DepartmentSelect } from '@/components/ui/department-select';
import { LoadMore } from '@/components/ui/load-more';
import { useUsers, type UserDto, type UserListQuery } from '@/features/users/api/list-users';
import { UserFormDrawer } from '@/features/users/components/user-form-drawer';

const ROLES = ['admin', 'dept_head', 'member'] as const;

export function UsersTable() {
  const { t } = useTranslation(['users', 'common']);
  const [filters, setFilters] = useState<UserListQuery>({});
  const users = useUsers(filters);
  const [editing, setEditing] = useState<UserDto | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];
  const total = users.data?.pages[0]?.total ?? 0;
  const empty = t('common:empty');

  const openDrawer = (user: UserDto | null) => {
    setEditing(user);
    setDrawerOpen(true);
  };

  const columns = [
    { title: t('columns.name'), dataIndex: 'name', key: 'name' },
    { title: t('columns.email'), dataIndex: 'email', key: 'email' },
    {
      title: t('columns.department'),
      dataIndex: 'department_name',
      key: 'department',
      render: (v: string | null) => v ?? empty,
    },
    { title: t('columns.title'), dataIndex: 'title', key: 'title', render: (v: string | null) => v ?? empty },
    {
      title: t('columns.role'),
      dataIndex: 'role',
      key: 'role',
      render: (r: UserDto['role']) => (
        <Tag color={r === 'admin' ? 'red' : r === 'dept_head' ? 'blue' : undefined}>{t(`common:role.${r}`)}</Tag>
      ),
    },
    {
      title: t('columns.supervisor'),
      dataIndex: 'supervisor_name',
      key: 'supervisor',
      render: (v: string | null) => v ?? empty,
    },
    {
      title: t('columns.status'),
      dataIndex: 'is_active',
      key: 'status',
      render: (a: boolean) => (
        <Tag color={a ? 'green' : 'default'}>{a ? t('common:status.active') : t('common:status.inactive')}</Tag>
      ),
    },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_: unknown, row: UserDto) => (
        <Button size="small" onClick={() => openDrawer(row)}>
          {t('common:actions.edit')}
        </Button>
      ),
    },
  ];

  return (
    <AdminTableCard<UserDto>
      title={t('title')}
      createLabel={t('create')}
      onCreate={() => openDrawer(null)}
      searchPlaceholder={t('search_placeholder')}
      onSearch={(q) => setFilters((f) => ({ ...f, q: q || undefined }))}
      filters={
        <>
          <DepartmentSelect
            placeholder={t('filter_department')}
            style={{ width: 200 }}
            onChange={(department_id) => setFilters((f) => ({ ...f, department_id: department_id ?? undefined }))}
          />
          <Select
            allowClear
            placeholder={t('filter_role')}
            style={{ width: 160 }}
            options={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))}
            onChange={(role?: UserDto['role']) => setFilters((f) => ({ ...f, role: role ?? undefined }))}
          />
        </>
      }
      error={users.error}
      table={{ loading: users.isLoading, dataSource: rows, columns, scroll: { x: 'max-content' } }}
    >
      <LoadMore pages={users} total={total} />
      <UserFormDrawer open={drawerOpen} user={editing} onClose={() => setDrawerOpen(false)} />
    </AdminTableCard>
  );
}
