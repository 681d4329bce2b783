import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type RobotDto = components['schemas']['RobotDto'];
export type RobotPlatform = components['schemas']['RobotPlatform'];

export const ROBOT_PLATFORMS: RobotPlatform[] = ['dingtalk', 'wecom', 'feishu'];

export const robotsQueryKey = ['robots'] as const;

/** GET /api/v1/robots: the robots I manage (administrators: all). */
export const robotsQuery = () =>
  queryOptions({
    queryKey: [...robotsQueryKey, 'list'],
    queryFn: async () => unwrap(await api.GET('/api/v1/robots')).items,
  });

export function useRobots() {
  return useQuery(robotsQuery());
}
