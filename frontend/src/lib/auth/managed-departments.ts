import { useQuery } from '@tanstack/react-query';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import { useCurrentUser } from '@/lib/auth/current-user';

export type ManagedDepartments = { allowed: boolean; isPending: boolean; departmentIds: string[] | undefined };

/**
 * Administrators and the heads of a department (the departments list names the heads; the role
 * `dept_head` alone is a hint, not the rule): who manages group robots and reads reports.
 * `departmentIds` are the departments they head (undefined for administrators: all of them).
 */
export function useManagedDepartments(): ManagedDepartments {
  const { data: me } = useCurrentUser();
  const isAdmin = me?.role === 'admin';
  const departments = useQuery({ ...departmentOptionsQuery(), enabled: !!me && !isAdmin });
  if (!me) return { allowed: false, isPending: true, departmentIds: [] };
  if (isAdmin) return { allowed: true, isPending: false, departmentIds: undefined };
  const headed = (departments.data ?? []).filter((d) => d.heads.some((h) => h.id === me.id)).map((d) => d.id);
  return { allowed: headed.length > 0, isPending: departments.isPending, departmentIds: headed };
}
