import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * POST /api/v1/robots/{robot_id}/test: sent now; 204 when the platform accepted it, 502
 * `delivery_failed` with the platform's answer in `detail` when it refused.
 */
export async function testRobot(id: string) {
  unwrap(await api.POST('/api/v1/robots/{robot_id}/test', { params: { path: { robot_id: id } } }));
}

export function useTestRobot() {
  return useMutation({ mutationFn: testRobot });
}
