import { http, HttpResponse } from 'msw';
import type { SearchHitDto, SearchPageDto } from '@/features/search/api/types';
import { marketingDepartment, rdDepartment } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { server } from '@/testing/server';

export const BUDGET_TASK_ID = '0193f000-0000-7000-8000-000000000001';

/** A task hit: 《Q3 市场推广预算申请》, its summary matching 预算 and 审批. */
export function searchHit(overrides: Partial<SearchHitDto> = {}): SearchHitDto {
  return {
    kind: 'task',
    id: BUDGET_TASK_ID,
    task: { id: BUDGET_TASK_ID, title: 'Q3 市场推广预算申请' },
    title: 'Q3 市场推广预算申请',
    // 审批 at [0,2), 预算 at [2,4).
    snippet: { text: '审批预算的流程写进立项清单', highlights: [[0, 2], [2, 4]] },
    updated_at: '2026-09-30T16:30:00Z',
    ...overrides,
  };
}

/** A page of results with facets over them. */
export function searchPage(items: SearchHitDto[], overrides: Partial<SearchPageDto> = {}): SearchPageDto {
  return {
    items,
    total: items.length,
    next_cursor: null,
    facets: {
      kind: [
        { value: 'task', count: 3 },
        { value: 'file', count: 1 },
      ],
      department: [
        { value: marketingDepartment.id, count: 3 },
        { value: rdDepartment.id, count: 1 },
      ],
      scenario: [{ value: 'resource_request', count: 2 }],
      quarter: [{ value: '2026-Q3', count: 2 }],
      tag: [{ value: '预算审批', count: 2 }],
      outcome: [{ value: 'on_time', count: 2 }],
    },
    ...overrides,
  };
}

/** GET /search answering with `answer(query)`; every query string it got. */
export function serveSearch(answer: (q: URLSearchParams) => SearchPageDto | Response) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/api/v1/search'), ({ request }) => {
      const q = new URL(request.url).searchParams;
      queries.push(q);
      const a = answer(q);
      return a instanceof Response ? a : HttpResponse.json(a);
    }),
  );
  return queries;
}
