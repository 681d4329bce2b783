import { useCollectionsMutation } from '@/features/collections/api/collections-mutation';
import type { CollectionPatchBody } from '@/features/collections/api/types';
import { ifMatch, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/**
 * PATCH /api/v1/collections/{collection_id} with If-Match (412 when someone changed it first):
 * title, instructions, template, late hand-ins, reminder lead time, or `is_active` (停止/重新启用).
 */
export async function updateCollection({ id, version, body }: { id: string; version: number; body: CollectionPatchBody }) {
  return unwrap(
    await api.PATCH('/api/v1/collections/{collection_id}', {
      params: { path: { collection_id: id }, header: { 'If-Match': ifMatch(version) } },
      body,
    }),
  );
}

export function useUpdateCollection(taskId: string) {
  return useCollectionsMutation(taskId, updateCollection);
}
