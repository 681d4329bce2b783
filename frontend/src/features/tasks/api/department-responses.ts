import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';
import { taskPartKey, tasksKey } from '@/lib/api/query-keys';

export type DepartmentResponse = components['schemas']['DepartmentResponseDto'];
export type AcceptRequest = components['schemas']['AcceptRequest'];

export const responsesQueryKey = (taskId: string) => taskPartKey('responses', taskId);

/** GET /api/v1/tasks/{task_id}/department-responses: which departments accepted, declined or owe an answer. */
export const responsesQuery = (taskId: string) =>
  queryOptions({
    queryKey: responsesQueryKey(taskId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/tasks/{task_id}/department-responses', { params: { path: { task_id: taskId } } }),
      ),
  });

export function useDepartmentResponses(taskId: string, enabled: boolean) {
  return useQuery({ ...responsesQuery(taskId), enabled });
}

type Answer =
  | { kind: 'accept'; taskId: string; departmentId: string; body: AcceptRequest }
  | { kind: 'decline'; taskId: string; departmentId: string; reason: string };

/** POST …/accept or …/decline: a head answers for their department. */
export async function answerDepartment(a: Answer) {
  const path = { task_id: a.taskId, department_id: a.departmentId };
  return a.kind === 'accept'
    ? unwrap(
        await api.POST('/api/v1/tasks/{task_id}/department-responses/{department_id}/accept', {
          params: { path },
          body: a.body,
        }),
      )
    : unwrap(
        await api.POST('/api/v1/tasks/{task_id}/department-responses/{department_id}/decline', {
          params: { path },
          body: { reason: a.reason },
        }),
      );
}

/** An answer may add a subtask and takes the task out of 待我处理: refetch the task's parts and lists. */
export function useAnswerDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: answerDepartment,
    onSuccess: (list, a) => queryClient.setQueryData(responsesQueryKey(a.taskId), list),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKey }),
  });
}
