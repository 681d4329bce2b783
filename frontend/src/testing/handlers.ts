import { http, HttpResponse, type DefaultBodyType, type StrictResponse } from 'msw';
import type { components } from '@/lib/api/schema';
import {
  accessToken,
  applicationTemplate,
  DEMO_PASSWORD,
  marketingDepartment,
  rdDepartment,
  salesDepartment,
  tokenResponse,
  zhangsan,
} from '@/testing/fixtures';

type S = components['schemas'];
type Problem = S['ProblemDetails'];

/** Matches the API path on whatever origin the test page has. */
export const apiPath = (path: `/api/v1/${string}`) => `*${path}`;

/** An RFC 9457 problem+json answer, as the backend sends it. */
export function problem(
  status: number,
  code: S['ErrorCode'],
  extra: { errors?: Record<string, string[]>; allowed?: string[]; headers?: Record<string, string> } = {},
): StrictResponse<Problem> {
  return HttpResponse.json<Problem>(
    {
      type: 'about:blank',
      title: code,
      status,
      detail: `English developer detail for ${code}`,
      code,
      ...(extra.errors ? { errors: extra.errors } : {}),
      ...(extra.allowed ? { allowed: extra.allowed } : {}),
    },
    { status, headers: { 'Content-Type': 'application/problem+json', ...extra.headers } },
  );
}

export type Json<T extends DefaultBodyType> = StrictResponse<T>;

/**
 * GET /events as the server answers it: `retry`, `ready`, then an open stream (keepalives only)
 * until the client hangs up.
 */
export function eventStream(request: Request, frames: string[] = []): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('retry: 3000\n\nevent: ready\ndata: {"last_event_id":0}\n\n'));
      for (const f of frames) controller.enqueue(encoder.encode(f));
      request.signal.addEventListener('abort', () => {
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      });
    },
  });
  return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });
}

/** The default fake API: 张三 of 销售部, password Tandem@2026. Tests override with server.use(). */
export const handlers = [
  http.post<never, S['LoginRequest'], S['TokenResponse'] | Problem>(apiPath('/api/v1/auth/login'), async ({ request }) => {
    const body = await request.json();
    if (body.email === zhangsan.email && body.password === DEMO_PASSWORD) {
      return HttpResponse.json(tokenResponse(zhangsan));
    }
    return problem(401, 'invalid_credentials');
  }),
  http.post<never, S['RefreshRequest'], S['TokenResponse'] | Problem>(apiPath('/api/v1/auth/refresh'), () =>
    problem(401, 'unauthenticated'),
  ),
  http.post(apiPath('/api/v1/auth/logout'), () => new HttpResponse(null, { status: 204 })),
  http.get<never, never, S['MeDto']>(apiPath('/api/v1/me'), () =>
    HttpResponse.json(zhangsan, { headers: { ETag: `"${zhangsan.version}"` } }),
  ),
  http.get<never, never, S['AccessTokenList']>(apiPath('/api/v1/me/tokens'), () =>
    HttpResponse.json({ items: [accessToken('tok-1', 'CI 脚本')] }),
  ),
  http.get<never, never, S['DepartmentPage']>(apiPath('/api/v1/departments'), () =>
    HttpResponse.json({ items: [salesDepartment, marketingDepartment, rdDepartment], next_cursor: null, total: 3 }),
  ),
  http.get<never, never, S['UserPage']>(apiPath('/api/v1/users'), () =>
    HttpResponse.json({ items: [zhangsan], next_cursor: null, total: 1 }),
  ),
  http.get<never, never, S['AgendaList']>(apiPath('/api/v1/me/deadlines'), () => HttpResponse.json({ items: [] })),
  // Every task page shows its conversation: none by default.
  http.get<never, never, S['CommentList']>(apiPath('/api/v1/tasks/:task_id/comments'), () =>
    HttpResponse.json({ items: [], next_cursor: null }),
  ),
  // A published task's collaborating departments: none asked by default.
  http.get<never, never, S['DepartmentResponseList']>(apiPath('/api/v1/tasks/:task_id/department-responses'), () =>
    HttpResponse.json({ items: [] }),
  ),
  http.get<never, never, S['TaskPage']>(apiPath('/api/v1/me/tasks'), () =>
    HttpResponse.json({ items: [], next_cursor: null, total: 0 }),
  ),
  http.get<never, never, S['TaskPage']>(apiPath('/api/v1/tasks'), () =>
    HttpResponse.json({ items: [], next_cursor: null, total: 0 }),
  ),
  // 待我提交 on 我的工作: nothing to hand in by default.
  http.get<never, never, S['CollectionSubmissionList']>(apiPath('/api/v1/me/collection-submissions'), () =>
    HttpResponse.json({ items: [] }),
  ),
  http.get<never, never, S['NotificationPage']>(apiPath('/api/v1/notifications'), () =>
    HttpResponse.json({ items: [], next_cursor: null, total: 0, unread_count: 0 }),
  ),
  http.get(apiPath('/api/v1/events'), ({ request }) => eventStream(request)),
  http.get<never, never, S['TemplateList']>(apiPath('/api/v1/templates'), () =>
    HttpResponse.json({ items: [applicationTemplate] }),
  ),
  // Administrators' pages ask for the working calendar's warnings: none by default.
  http.get<never, never, S['CalendarStatusDto']>(apiPath('/api/v1/work-calendar/years'), () =>
    HttpResponse.json({ years: [], warnings: [] }),
  ),
];
