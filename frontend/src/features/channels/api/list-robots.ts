import { useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { cursorListQuery } from '@/lib/api/pages';
import type { components } from '@/lib/api/schema';

export type RobotDto = components['schemas']['RobotDto'];
export type RobotPlatform = components['schemas']['RobotPlatform'];

export const ROBOT_PLATFORMS: RobotPlatform[] = ['dingtalk', 'wecom', 'feishu'];

export const robotsQueryKey = ['robots'] as const;

/** GET /api/v1/robots: the robots I manage (administrators: all), by name, 100 a page. */
export const robotsQuery = () =>
  cursorListQuery([...robotsQueryKey, 'list'], async (cursor) =>
    unwrap(await api.GET('/api/v1/robots', { params: { query: { limit: 100, cursor } } })),
  );

export function useRobots() {
  return useInfiniteQuery(robotsQuery());
}
