import { useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { cursorListQuery } from '@/lib/api/pages';
import { taskListKey } from '@/lib/api/query-keys';
import type { operations } from '@/lib/api/schema';
import type { components } from '@/lib/api/schema';

export type FileEntryDto = components['schemas']['FileEntryDto'];
export type FileKind = components['schemas']['FileKind'];

/** The Files page's filters, as GET /api/v1/files takes them (without the page's own limit and cursor). */
export type CompanyFilesFilters = Omit<NonNullable<operations['list_files']['parameters']['query']>, 'limit' | 'cursor'>;
export type CompanyFilesSort = NonNullable<CompanyFilesFilters['sort']>;

/**
 * GET /api/v1/files: every file the caller may read across all tasks (`deleted`: 回收站, what
 * they moved to the trash), 50 a page. Under the task lists' key, so any task's live event (a
 * file uploaded, shared, deleted elsewhere) refreshes it.
 */
export const companyFilesQuery = (filters: CompanyFilesFilters) =>
  cursorListQuery(taskListKey('file_list', filters), async (cursor) =>
    unwrap(await api.GET('/api/v1/files', { params: { query: { ...filters, limit: 50, cursor } } })),
  );

export function useCompanyFiles(filters: CompanyFilesFilters) {
  return useInfiniteQuery(companyFilesQuery(filters));
}
