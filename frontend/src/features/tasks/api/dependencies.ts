import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DependencyKind } from '@/features/tasks/api/types';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

export const taskGraphQueryKey = (id: string) => taskPartKey('graph', id);

/** GET /api/v1/tasks/{task_id}/graph: the tree's schedule, edges and critical path. */
export const taskGraphQuery = (id: string) =>
  queryOptions({
    queryKey: taskGraphQueryKey(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/tasks/{task_id}/graph', { params: { path: { task_id: id } } })),
  });

export function useTaskGraph(id: string) {
  return useQuery(taskGraphQuery(id));
}

export interface AddDependencyInput {
  taskId: string;
  predecessorId: string;
  kind: DependencyKind;
  lagDays: number;
}

/** POST /api/v1/tasks/{task_id}/dependencies: the task waits for the predecessor. */
export async function addDependency({ taskId, predecessorId, kind, lagDays }: AddDependencyInput) {
  return unwrap(
    await api.POST('/api/v1/tasks/{task_id}/dependencies', {
      params: { path: { task_id: taskId } },
      body: { predecessor_id: predecessorId, kind, lag_days: lagDays },
    }),
  );
}

/** DELETE /api/v1/tasks/{task_id}/dependencies/{dependency_id}. */
export async function removeDependency({ taskId, dependencyId }: { taskId: string; dependencyId: string }) {
  unwrap(
    await api.DELETE('/api/v1/tasks/{task_id}/dependencies/{dependency_id}', {
      params: { path: { task_id: taskId, dependency_id: dependencyId } },
    }),
  );
}

/** Both change the task, its neighbours and the schedule of the whole tree: refetch all of it. */
function useInvalidateTasks() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: tasksKey });
}

export function useAddDependency() {
  const invalidate = useInvalidateTasks();
  return useMutation({ mutationFn: addDependency, onSettled: invalidate });
}

export function useRemoveDependency() {
  const invalidate = useInvalidateTasks();
  return useMutation({ mutationFn: removeDependency, onSettled: invalidate });
}
