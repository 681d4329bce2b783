import type { components, paths } from '@/lib/api/schema';

type S = components['schemas'];

export type TaskDto = S['TaskDto'];
export type TaskSummaryDto = S['TaskSummaryDto'];
export type TaskPage = S['TaskPage'];
export type TaskStatus = S['Status'];
export type Scenario = S['Scenario'];
export type Priority = S['Priority'];
export type TaskVisibility = S['TaskVisibility'];
export type MilestoneInput = S['MilestoneInputDto'];
export type MilestoneDto = S['MilestoneDto'];
export type HistoryEntryDto = S['HistoryEntryDto'];
export type ProgressDto = S['ProgressDto'];
export type TemplateDto = S['Template'];
export type MyView = NonNullable<NonNullable<paths['/api/v1/me/tasks']['get']['parameters']['query']>['view']>;
export type TaskListQuery = Omit<NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>, 'cursor' | 'limit'>;

export const SCENARIOS: Scenario[] = ['cross_department', 'emergency', 'resource_request', 'info_sync'];
export const PRIORITIES: Priority[] = ['high', 'medium', 'low'];
export const STATUSES: TaskStatus[] = ['draft', 'published', 'in_progress', 'pending_review', 'done', 'archived', 'cancelled'];
export const VISIBILITIES: TaskVisibility[] = ['normal', 'public', 'confidential'];

/**
 * The workflow as the UI knows it, for hints before the server answers (e.g. while dragging on
 * the board). The task's own `allowed_transitions` and the server's 409/403 are the final word.
 */
export const WORKFLOW: Record<TaskStatus, TaskStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['in_progress', 'cancelled'],
  in_progress: ['pending_review', 'done', 'cancelled'],
  pending_review: ['in_progress', 'done', 'cancelled'],
  done: ['in_progress', 'archived'],
  archived: [],
  cancelled: [],
};

export type DependencyKind = S['DependencyKind'];
export type TaskGraphDto = S['TaskGraphDto'];
export type GraphNodeDto = S['GraphNodeDto'];
export type GraphEdgeDto = S['GraphEdgeDto'];
export const DEPENDENCY_KINDS: DependencyKind[] = ['finish_to_start', 'start_to_start', 'finish_to_finish'];
