import { useCollectionsMutation } from '@/features/collections/api/collections-mutation';
import type { CollectionBody } from '@/features/collections/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** POST /api/v1/tasks/{task_id}/collections (发起收集): 422 names the fields that are wrong. */
export async function createCollection({ taskId, body }: { taskId: string; body: CollectionBody }) {
  return unwrap(await api.POST('/api/v1/tasks/{task_id}/collections', { params: { path: { task_id: taskId } }, body }));
}

export function useCreateCollection(taskId: string) {
  return useCollectionsMutation(taskId, (body: CollectionBody) => createCollection({ taskId, body }));
}
