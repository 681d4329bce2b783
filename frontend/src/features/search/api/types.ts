import type { components, paths } from '@/lib/api/schema';
import { caseOutcomeValues, scenarioValues, searchKindValues } from '@/lib/api/schema';
import { taskListKey } from '@/lib/api/query-keys';

type S = components['schemas'];

export type SearchPageDto = S['SearchPage'];
export type SearchHitDto = S['SearchHitDto'];
export type SearchFacetsDto = S['SearchFacets'];
export type SearchFacetValue = S['SearchFacetValue'];
export type SearchKind = S['SearchKind'];
export type SearchSnippet = S['SearchSnippet'];

type SearchQuery = NonNullable<paths['/api/v1/search']['get']['parameters']['query']>;
export type SearchSort = NonNullable<SearchQuery['sort']>;
export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'newest'];

/** What GET /search is asked (the cursor and limit aside): the words, the filters and the order. */
export type SearchParams = Omit<SearchQuery, 'cursor' | 'limit'> & { q: string };

/** The facet filters, in the order the panel lists them. */
export const SEARCH_FACETS = ['kind', 'department_id', 'scenario', 'quarter', 'tag', 'outcome'] as const;
export type SearchFacetFilter = (typeof SEARCH_FACETS)[number];

/** The facet of the response that counts the values of a filter. */
export const SEARCH_FACET_OF: Record<SearchFacetFilter, keyof SearchFacetsDto> = {
  kind: 'kind',
  department_id: 'department',
  scenario: 'scenario',
  quarter: 'quarter',
  tag: 'tag',
  outcome: 'outcome',
};

export const EMPTY_SEARCH_FACETS: SearchFacetsDto = {
  kind: [],
  department: [],
  scenario: [],
  quarter: [],
  tag: [],
  outcome: [],
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  values.find((x) => x === v);

/**
 * The search as a page's URL holds it (`?q=…&kind=…&sort=…`), so results can be linked to and
 * survive a reload. Unknown values are dropped rather than sent. `archived` is the page's, not
 * the URL's (the case library always searches archived tasks only).
 */
export function searchParamsFrom(params: URLSearchParams, archived?: boolean): SearchParams {
  const s: SearchParams = { q: (params.get('q') ?? '').trim().slice(0, 200) };
  const kind = oneOf(searchKindValues, params.get('kind'));
  const department = params.get('department_id');
  const scenario = oneOf(scenarioValues, params.get('scenario'));
  const quarter = params.get('quarter');
  const tag = params.get('tag');
  const outcome = oneOf(caseOutcomeValues, params.get('outcome'));
  const sort = oneOf(SEARCH_SORTS, params.get('sort'));
  if (kind) s.kind = kind;
  if (department && /^[0-9a-f-]{36}$/i.test(department)) s.department_id = department;
  if (scenario) s.scenario = scenario;
  if (quarter && /^\d{4}-Q[1-4]$/.test(quarter)) s.quarter = quarter;
  if (tag) s.tag = tag.slice(0, 50);
  if (outcome) s.outcome = outcome;
  if (sort && sort !== 'relevance') s.sort = sort;
  if (archived !== undefined) s.archived = archived;
  return s;
}

/** Search results: a task list, which any task's change (live updates) may alter. */
export const searchKey = (params: SearchParams) => taskListKey('search', 'full_text', params);
