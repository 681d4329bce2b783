import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type UpdateDepartmentRequest = components['schemas']['UpdateDepartmentRequest'];

/** PATCH /api/v1/departments/{department_id} with If-Match (admin only) */
export async function updateDepartment({
  id,
  version,
  body,
}: {
  id: string;
  version: number;
  body: UpdateDepartmentRequest;
}) {
  return unwrap(
    await api.PATCH('/api/v1/departments/{department_id}', {
      params: { path: { department_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateDepartment,
    // On 412 too: the list must show the current version.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['departments'] }),
  });
}
