import { UsersTable } from '@/features/users/components/users-table';

export function AdminUsersRoute() {
  return <UsersTable />;
}
