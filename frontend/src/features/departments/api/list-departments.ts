import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchAllDepartments } from '@/components/ui/department-select';
import type { components } from '@/lib/api/schema';

export type DepartmentDto = components['schemas']['DepartmentDto'];
export type DepartmentFilter = { q?: string; includeInactive: boolean };

/** GET /api/v1/departments, following cursors: the admin page shows the whole tree. */
export const departmentsQuery = (f: DepartmentFilter) =>
  queryOptions({
    queryKey: ['departments', 'list', f],
    queryFn: () => fetchAllDepartments({ q: f.q || undefined, is_active: f.includeInactive ? undefined : true }),
  });

export function useDepartments(f: DepartmentFilter) {
  return useQuery(departmentsQuery(f));
}
