import { useMutation, useQueryClient } from '@tanstack/react-query';
import { robotsQueryKey } from '@/features/channels/api/list-robots';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type CreateRobotRequest = components['schemas']['CreateRobotRequest'];

/** POST /api/v1/robots: a group robot of a department (task robots come from the task page). */
export async function createRobot(body: CreateRobotRequest) {
  return unwrap(await api.POST('/api/v1/robots', { body }));
}

export function useCreateRobot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRobot,
    onSettled: () => queryClient.invalidateQueries({ queryKey: robotsQueryKey }),
  });
}
