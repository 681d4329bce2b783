import { queryOptions, useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

type UserRef = components['schemas']['UserRef'];

/** GET /api/v1/users?q=: the few users matching what was typed, for pickers. */
export const userSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['users', 'search', q],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { q: q || undefined, is_active: true, limit: 20 } } })),
    staleTime: 30_000,
  });

/** GET /api/v1/users?department_id=: a department's active people (a department has at most a few dozen). */
export const departmentMembersQuery = (departmentId: string) =>
  queryOptions({
    queryKey: ['users', 'department', departmentId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/users', {
          params: { query: { department_id: departmentId, is_active: true, limit: 100 } },
        }),
      ),
    staleTime: 60_000,
  });

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

type Props = Omit<SelectProps<string | string[]>, 'options' | 'onSearch' | 'filterOption' | 'showSearch'> & {
  /** Users already selected, so their names show before any search. */
  known?: UserRef[];
};

/** Select one user (or several with mode="multiple"), searching the API as the user types. */
export function UserPicker({ known, ...props }: Props) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const { data, isFetching } = useQuery(userSearchQuery(q));

  const options = useMemo(() => {
    const seen = new Map<string, string>();
    for (const u of known ?? []) seen.set(u.id, u.name);
    const found = (data?.items ?? []).map((u) => ({
      value: u.id,
      label: u.department_name ? `${u.name}（${u.department_name}）` : u.name,
    }));
    const extra = [...seen].filter(([id]) => !found.some((f) => f.value === id)).map(([value, label]) => ({ value, label }));
    return [...extra, ...found];
  }, [data, known]);

  return (
    <Select
      allowClear
      {...props}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={isFetching}
      options={options}
    />
  );
}

/** Select one active person of a department (its members, searched by name in the list). */
export function DepartmentMemberSelect({
  departmentId,
  ...props
}: Omit<SelectProps<string>, 'options' | 'loading'> & { departmentId: string }) {
  const members = useQuery(departmentMembersQuery(departmentId));
  return (
    <Select
      showSearch
      allowClear
      optionFilterProp="label"
      {...props}
      loading={members.isFetching}
      options={(members.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
    />
  );
}
