import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components, paths } from '@/lib/api/schema';

export type AuditEventDto = components['schemas']['AuditEventDto'];
export type AuditKind = components['schemas']['AuditKind'];
export type AuditQuery = Omit<NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>, 'cursor' | 'limit'>;

export const AUDIT_KINDS: AuditKind[] = [
  'login_succeeded',
  'login_failed',
  'session_revoked_on_reuse',
  'password_changed',
  'token_created',
  'token_revoked',
  'user_created',
  'user_permissions_changed',
  'department_heads_changed',
  'confidential_task_viewed',
  'robot_changed',
  'file_access_changed',
];

const PAGE_SIZE = 50;

/** GET /api/v1/audit-events (administrators), newest first, one cursor page at a time. */
export const auditInfiniteQuery = (q: AuditQuery) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'list', q],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/api/v1/audit-events', { params: { query: { ...q, limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useAuditEvents(q: AuditQuery) {
  return useInfiniteQuery(auditInfiniteQuery(q));
}
