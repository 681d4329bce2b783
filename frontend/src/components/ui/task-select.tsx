import { useQuery } from '@tanstack/react-query';
import { Select, Spin, type SelectProps } from 'antd';
import { useState } from 'react';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskListKey } from '@/lib/api/query-keys';

/** Tasks the caller can see whose title matches (20, newest first), for task pickers. */
export function useTaskSearch(q: string) {
  return useQuery({
    queryKey: taskListKey('search', q),
    queryFn: async () => unwrap(await api.GET('/api/v1/tasks', { params: { query: { q: q || undefined, limit: 20 } } })),
    staleTime: 10_000,
  });
}

/** A task picker: type to search the tasks the caller can see by title. */
export function TaskSelect(props: Omit<SelectProps<string>, 'options' | 'onSearch' | 'showSearch' | 'filterOption'>) {
  const [q, setQ] = useState('');
  const search = useTaskSearch(q);
  const options = (search.data?.items ?? []).map((s) => ({ value: s.id, label: s.title }));
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQ}
      options={options}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      {...props}
    />
  );
}
