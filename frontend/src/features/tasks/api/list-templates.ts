import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export const APPLICATION_FORM = 'cross_department_application';

/** GET /api/v1/templates: the forms that ship with Tandem (labels, required flags). */
export const templatesQuery = () =>
  queryOptions({
    queryKey: ['templates'],
    queryFn: async () => unwrap(await api.GET('/api/v1/templates')).items,
    staleTime: Infinity,
  });

export function useTemplates() {
  return useQuery(templatesQuery());
}
