import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type DepartmentDto = components['schemas']['DepartmentDto'];
export type DepartmentFilter = { q?: string; includeInactive: boolean };

/** GET /api/v1/departments, following cursors: the admin page shows the whole tree. */
export const departmentsQuery = (f: DepartmentFilter) =>
  queryOptions({
    queryKey: ['departments', 'list', f],
    queryFn: async () => {
      const items: DepartmentDto[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const query = { q: f.q || undefined, is_active: f.includeInactive ? undefined : true, limit: 100, cursor };
        const res = unwrap(await api.GET('/api/v1/departments', { params: { query } }));
        items.push(...res.items);
        if (!res.next_cursor) break;
        cursor = res.next_cursor;
      }
      return items;
    },
  });

export function useDepartments(f: DepartmentFilter) {
  return useQuery(departmentsQuery(f));
}
