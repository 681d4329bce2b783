import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

// Shared by several features (报表, 任务, 会议), so it lives in lib/ rather than in a feature.

export type ExportRequest = components['schemas']['ExportRequest'];
export type ExportDto = components['schemas']['ExportDto'];
export type ExportKind = components['schemas']['ExportKind'];

/** POST /api/v1/exports: checks the permission at once (403/404/422), then the worker makes it. */
export async function createExport(body: ExportRequest, signal?: AbortSignal): Promise<ExportDto> {
  return unwrap(await api.POST('/api/v1/exports', { body, signal }));
}

/** GET /api/v1/exports/{export_id}: where the export stands (`queued`, `running`, `done`, `failed`, `expired`). */
export async function getExport(id: string, signal?: AbortSignal): Promise<ExportDto> {
  return unwrap(await api.GET('/api/v1/exports/{export_id}', { params: { path: { export_id: id } }, signal }));
}

/**
 * GET /api/v1/exports/{export_id}/content through the API client (a plain link cannot carry the
 * bearer token): the workbook, once the export is done.
 */
export async function downloadExport(id: string, signal?: AbortSignal): Promise<Blob> {
  return unwrap(
    await api.GET('/api/v1/exports/{export_id}/content', {
      params: { path: { export_id: id } },
      parseAs: 'blob',
      signal,
    }),
  );
}
