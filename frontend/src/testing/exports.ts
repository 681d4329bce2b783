import { http, HttpResponse } from 'msw';
import type { components } from '@/lib/api/schema';
import { apiPath } from '@/testing/handlers';
import { server } from '@/testing/server';

type S = components['schemas'];

export const EXPORT_ID = '0193a000-0000-7000-8000-00000000e001';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The start of a workbook: a zip. */
export const WORKBOOK_BYTES = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);

export function exportDto(patch: Partial<S['ExportDto']> = {}): S['ExportDto'] {
  return {
    id: EXPORT_ID,
    kind: 'efficiency_report',
    status: 'queued',
    file_name: '效率报表_20260901_20260930.xlsx',
    size_bytes: null,
    row_count: null,
    error_code: null,
    error: null,
    created_at: '2026-11-26T08:00:00Z',
    finished_at: null,
    expires_at: null,
    download_url: null,
    ...patch,
  };
}

/**
 * Fakes the export API: POST /exports answers 202 queued (or `create`'s answer), each poll the
 * next of `polls` (the last one repeats), and /content the workbook. Keeps the requests it got.
 */
export function serveExport({
  polls = [{ status: 'running' }, { status: 'done' }],
  create,
}: { polls?: Partial<S['ExportDto']>[]; create?: () => Response } = {}) {
  const requests: S['ExportRequest'][] = [];
  let polled = 0;
  let downloads = 0;
  server.use(
    http.post(apiPath('/api/v1/exports'), async ({ request }) => {
      const body = (await request.json()) as S['ExportRequest'];
      requests.push(body);
      return create ? create() : HttpResponse.json(exportDto({ kind: body.kind }), { status: 202 });
    }),
    http.get(apiPath('/api/v1/exports/:id'), () => {
      const patch = polls[Math.min(polled, polls.length - 1)];
      polled += 1;
      return HttpResponse.json(exportDto(patch));
    }),
    http.get(apiPath('/api/v1/exports/:id/content'), () => {
      downloads += 1;
      return new HttpResponse(WORKBOOK_BYTES, { headers: { 'Content-Type': XLSX_TYPE } });
    }),
  );
  return { requests, polled: () => polled, downloads: () => downloads };
}
