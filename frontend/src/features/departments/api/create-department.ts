import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CreateDepartmentRequest = components['schemas']['CreateDepartmentRequest'];

/** POST /api/v1/departments (admin only) */
export async function createDepartment(body: CreateDepartmentRequest) {
  return unwrap(await api.POST('/api/v1/departments', { body }));
}

export function useCreateDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDepartment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['departments'] }),
  });
}
