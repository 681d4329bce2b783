import { useMutation, useQueryClient } from '@tanstack/react-query';
import { robotsQueryKey } from '@/features/channels/api/list-robots';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** DELETE /api/v1/robots/{robot_id} */
export async function deleteRobot(id: string) {
  unwrap(await api.DELETE('/api/v1/robots/{robot_id}', { params: { path: { robot_id: id } } }));
}

export function useDeleteRobot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRobot,
    onSettled: () => queryClient.invalidateQueries({ queryKey: robotsQueryKey }),
  });
}
