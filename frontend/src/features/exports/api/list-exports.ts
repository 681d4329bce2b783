import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { ExportDto } from '@/lib/exports/export-api';

export const exportsQueryKey = ['exports'] as const;

/** While one of them is being made, the list is asked again this often. */
export const EXPORTS_REFRESH_MS = 2_000;

const inProgress = (e: ExportDto) => e.status === 'queued' || e.status === 'running';

/** GET /api/v1/exports: the caller's latest 50 exports, newest first. */
export const exportsQuery = () =>
  queryOptions({
    queryKey: exportsQueryKey,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/exports', { signal })),
    refetchInterval: (q) => (q.state.data?.items.some(inProgress) ? EXPORTS_REFRESH_MS : false),
  });

export function useExports() {
  return useQuery(exportsQuery());
}
