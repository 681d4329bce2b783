import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { components, paths } from '@/lib/api/schema';

type S = components['schemas'];

export type EfficiencyReport = S['EfficiencyReport'];
export type DepartmentFigures = S['DepartmentFigures'];
export type WeekFigures = S['WeekFigures'];
export type ApprovalTimes = S['ApprovalTimes'];
export type ApprovalFigures = S['ApprovalFigures'];
export type Scenario = S['Scenario'];
/** The report's filters: `from`/`to` are days (YYYY-MM-DD) in the company's time zone. */
export type ReportFilters = NonNullable<paths['/api/v1/reports/efficiency']['get']['parameters']['query']>;

export const SCENARIOS: Scenario[] = ['cross_department', 'emergency', 'resource_request', 'info_sync'];

/** How many departments 逾期任务 TOP lists. */
export const OVERDUE_TOP = 5;

/** GET /api/v1/reports/efficiency: the figures of the departments the caller may read. */
export const efficiencyReportQuery = (filters: ReportFilters) =>
  queryOptions({
    queryKey: ['reports', 'efficiency', filters],
    queryFn: async () => unwrap(await api.GET('/api/v1/reports/efficiency', { params: { query: filters } })),
  });

/** Keeps showing the previous report while the next one loads, so changing a filter does not blank the page. */
export function useEfficiencyReport(filters: ReportFilters) {
  return useQuery({ ...efficiencyReportQuery(filters), placeholderData: keepPreviousData });
}
