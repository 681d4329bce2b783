import { useMutation, useQueryClient } from '@tanstack/react-query';
import { robotsQueryKey } from '@/features/channels/api/list-robots';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type UpdateRobotRequest = components['schemas']['UpdateRobotRequest'];

/**
 * PATCH /api/v1/robots/{robot_id} with If-Match. Absent fields stay; `secret: null` removes the
 * secret.
 */
export async function updateRobot({ id, version, body }: { id: string; version: number; body: UpdateRobotRequest }) {
  return unwrap(
    await api.PATCH('/api/v1/robots/{robot_id}', {
      params: { path: { robot_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateRobot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRobot,
    // On 412 too: the list must show the current version.
    onSettled: () => queryClient.invalidateQueries({ queryKey: robotsQueryKey }),
  });
}
