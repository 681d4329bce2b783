import { useInfiniteQuery } from '@tanstack/react-query';
import { approvalsKey, type ApprovalBox } from '@/features/approvals/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { cursorListQuery } from '@/lib/api/pages';

const PAGE_SIZE = 20;

/** GET /api/v1/approvals?box=: one box of my approvals, newest first, a cursor page at a time. */
export const approvalsQuery = (box: ApprovalBox) =>
  cursorListQuery([...approvalsKey, 'list', box], async (cursor) =>
    unwrap(await api.GET('/api/v1/approvals', { params: { query: { box, limit: PAGE_SIZE, cursor } } })),
  );

export function useApprovals(box: ApprovalBox) {
  return useInfiniteQuery(approvalsQuery(box));
}
