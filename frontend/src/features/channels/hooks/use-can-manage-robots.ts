import { useManagedDepartments, type ManagedDepartments } from '@/lib/auth/managed-departments';

/**
 * Whether the user manages group robots: administrators and department heads.
 * `departmentIds` are the departments whose robots they may add (undefined: all of them).
 */
export function useCanManageRobots(): ManagedDepartments {
  return useManagedDepartments();
}
