import type { components, paths } from '@/lib/api/schema';
import { caseOutcomeValues } from '@/lib/api/schema';
import { taskListKey, taskPartKey } from '@/lib/api/query-keys';

type S = components['schemas'];

export type CaseCardDto = S['CaseCardDto'];
export type CaseDto = S['CaseDto'];
export type CasePageDto = S['CasePageDto'];
export type CaseFacetsDto = S['CaseFacetsDto'];
export type FacetCountDto = S['FacetCountDto'];
export type CaseOutcome = S['CaseOutcome'];
export type CaseFileDto = S['CaseFileDto'];
export type TimelineEntryDto = S['TimelineEntryDto'];
export type TaskSummaryTextDto = S['TaskSummaryTextDto'];
export type FiguresDto = S['FiguresDto'];
export type CompleteTaskRequest = S['CompleteTaskRequest'];
export type ReuseCaseRequest = S['ReuseCaseRequest'];
export type TaskDto = S['TaskDto'];
export type Scenario = S['Scenario'];

export const CASE_OUTCOMES: readonly CaseOutcome[] = caseOutcomeValues;

/** The filters of the case library, as GET /cases takes them (the cursor and limit aside). */
export type CaseFilters = Omit<NonNullable<paths['/api/v1/cases']['get']['parameters']['query']>, 'cursor' | 'limit'>;

/** The facets, by the filter each one sets. */
export const FACETS = ['department_id', 'scenario', 'quarter', 'tag', 'outcome'] as const;
export type FacetFilter = (typeof FACETS)[number];

/** The facet of the response that counts the values of a filter. */
export const FACET_OF: Record<FacetFilter, keyof CaseFacetsDto> = {
  department_id: 'department',
  scenario: 'scenario',
  quarter: 'quarter',
  tag: 'tag',
  outcome: 'outcome',
};

/** The case library with some filters: a task list, which any task's change may alter. */
export const caseListKey = (filters: CaseFilters) => taskListKey('cases', filters);

/** One case's page (its id is its top-level task's): refreshed by that task tree's events. */
export const caseKey = (caseId: string) => taskPartKey('case', caseId);

/** A task's 协作总结. */
export const summaryKey = (taskId: string) => taskPartKey('summary', taskId);

/** Tag suggestions (not refreshed live: they are only hints). */
export const caseTagsRoot = ['case_tags'] as const;
export const caseTagsKey = (q: string) => [...caseTagsRoot, q] as const;
