import { useQuery } from '@tanstack/react-query';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import { useCurrentUser } from '@/lib/auth/current-user';

export type WeeklyDepartment = { id: string; name: string; canWrite: boolean };

/**
 * The departments whose weekly summaries the user may open: administrators all of them; others
 * their own (read, or write when they head it) and those they head. The first is the default.
 */
export function useWeeklyDepartments(): { departments: WeeklyDepartment[]; isPending: boolean } {
  const { data: me } = useCurrentUser();
  const all = useQuery({ ...departmentOptionsQuery(), enabled: !!me });
  if (!me || all.isPending) return { departments: [], isPending: true };
  const list = all.data ?? [];
  if (me.role === 'admin') {
    const own = list.filter((d) => d.id === me.department_id);
    const others = list.filter((d) => d.id !== me.department_id);
    return { departments: [...own, ...others].map((d) => ({ id: d.id, name: d.name, canWrite: true })), isPending: false };
  }
  const heads = (id: string) => list.some((d) => d.id === id && d.heads.some((h) => h.id === me.id));
  const result: WeeklyDepartment[] = [];
  if (me.department_id) {
    result.push({ id: me.department_id, name: me.department_name ?? me.department_id, canWrite: heads(me.department_id) });
  }
  for (const d of list) {
    if (d.id !== me.department_id && d.heads.some((h) => h.id === me.id)) {
      result.push({ id: d.id, name: d.name, canWrite: true });
    }
  }
  return { departments: result, isPending: false };
}
