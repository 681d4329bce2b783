import { queryOptions, useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

type DepartmentDto = components['schemas']['DepartmentDto'];

/** Chinese names in pinyin order (安 before 北 before 财), as people look for them in a list. */
const byName = new Intl.Collator('zh-CN-u-co-pinyin');

/**
 * Every department (following cursors), in pinyin order of their names, for selects and the
 * directory; companies have dozens, not thousands.
 */
export async function fetchAllDepartments(
  filter: { is_active?: boolean; q?: string } = {},
): Promise<DepartmentDto[]> {
  const items: DepartmentDto[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const res = unwrap(
      await api.GET('/api/v1/departments', { params: { query: { ...filter, limit: 100, cursor } } }),
    );
    items.push(...res.items);
    if (!res.next_cursor) break;
    cursor = res.next_cursor;
  }
  return items.sort((a, b) => byName.compare(a.name, b.name));
}

export const departmentOptionsQuery = () =>
  queryOptions({
    queryKey: ['departments', 'options'],
    queryFn: () => fetchAllDepartments({ is_active: true }),
    staleTime: 60_000,
  });

/** `onlyIds`: offer just these departments (e.g. the ones a head manages); undefined offers all. */
type Props = Omit<SelectProps<string>, 'options'> & { excludeId?: string; onlyIds?: string[] };

export function DepartmentSelect({ excludeId, onlyIds, ...props }: Props) {
  const { data, isLoading } = useQuery(departmentOptionsQuery());
  const options = (data ?? [])
    .filter((d) => d.id !== excludeId && (onlyIds === undefined || onlyIds.includes(d.id)))
    .map((d) => ({ value: d.id, label: d.name }));
  return <Select allowClear showSearch optionFilterProp="label" loading={isLoading} {...props} options={options} />;
}
