import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/api-error';
import { uploadForm } from '@/lib/api/upload';
import { tokenStore } from '@/lib/auth/token-store';
import { tokenResponse, zhangsan } from '@/testing/fixtures';
import { apiPath, problem } from '@/testing/handlers';
import { server } from '@/testing/server';

function form() {
  const f = new FormData();
  f.append('note', '第二稿');
  f.append('file', new File(['内容'], '方案.txt', { type: 'text/plain' }));
  return f;
}

describe('uploadForm', () => {
  it('sends the form with the bearer token, refreshing once on 401', async () => {
    tokenStore.set({ access_token: 'old', refresh_token: 'refresh-old' });
    const seen: { auth: string | null; fields: string[]; note: unknown }[] = [];
    server.use(
      http.post(apiPath('/api/v1/files/:file_id/versions'), async ({ request }) => {
        const body = await request.formData();
        seen.push({ auth: request.headers.get('Authorization'), fields: [...body.keys()], note: body.get('note') });
        if (request.headers.get('Authorization') !== 'Bearer access-2') return problem(401, 'unauthenticated');
        return HttpResponse.json({ id: 'f-1' }, { status: 201 });
      }),
      http.post(apiPath('/api/v1/auth/refresh'), () => HttpResponse.json(tokenResponse(zhangsan, 2))),
    );
    const answer = await uploadForm<{ id: string }>('/api/v1/files/f-1/versions', form());
    expect(answer).toEqual({ id: 'f-1' });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer old', 'Bearer access-2']);
    // The text fields go before the file (the server reads them first).
    expect(seen[1]).toEqual({ auth: 'Bearer access-2', fields: ['note', 'file'], note: '第二稿' });
  });

  it('throws an ApiError with the field codes and ids of a problem answer', async () => {
    tokenStore.set({ access_token: 'a', refresh_token: 'r' });
    server.use(
      http.post(apiPath('/api/v1/tasks/:task_id/files'), () =>
        problem(409, 'conflict', { errors: { name: ['exists'] }, allowed: ['f-9'] }),
      ),
    );
    const err = await uploadForm('/api/v1/tasks/t-1/files', form()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'conflict', fields: { name: ['exists'] }, allowed: ['f-9'] });
  });
});
