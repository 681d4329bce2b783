import type { CaseCardDto, CaseDto, CasePageDto, TaskSummaryTextDto } from '@/features/cases/api/types';
import { marketingDepartment, rdDepartment, salesDepartment, task, taskFile, taskSummary, zhangsan } from '@/testing/fixtures';

const ref = (d: { id: string; name: string }) => ({ id: d.id, name: d.name });
export const wangfang = { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' };

export const CASE_ID = '0193e000-0000-7000-8000-000000000001';

/** 张三's 协作总结 of task(): finished two days early, one hand-off, one late subtask in 研发部. */
export function summary(overrides: Partial<TaskSummaryTextDto> = {}): TaskSummaryTextDto {
  return {
    outcome: '首月销量 3,420 台，完成目标的 114%',
    went_well: '研发提前两周交付样机',
    problems: '物料印刷返工一次',
    lessons: '物料定稿预留一周印刷时间',
    written_by: { id: zhangsan.id, name: zhangsan.name },
    written_at: '2026-11-20T08:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    tags: [],
    figures: {
      planned_start: '2026-10-01T00:00:00Z',
      planned_due: '2026-11-22T15:59:59Z',
      completed_at: '2026-11-20T08:00:00Z',
      days_late: -2.3,
      departments: [
        { department: ref(marketingDepartment), subtasks: 2, on_time: 2, late: 0 },
        { department: ref(rdDepartment), subtasks: 2, on_time: 1, late: 1 },
      ],
      review_rounds: 2,
      handoffs: [
        {
          from_task_id: '0193b000-0000-7000-8000-0000000000a1',
          from_title: '上市传播方案',
          to_task_id: '0193b000-0000-7000-8000-0000000000a2',
          to_title: '样机与演示环境',
          wait_hours: 5.5,
        },
      ],
      mean_wait_hours: 5.5,
    },
    ...overrides,
  };
}

/** A card of the library: 春季新品上市推广, on time, tagged 新品上市 and 渠道. */
export function caseCard(overrides: Partial<CaseCardDto> = {}, taskOverrides: Parameters<typeof taskSummary>[0] = {}): CaseCardDto {
  return {
    task: taskSummary({
      id: CASE_ID,
      title: '春季新品上市推广',
      status: 'archived',
      percent: 100,
      owner: wangfang,
      departments: [ref(marketingDepartment), ref(rdDepartment), ref(salesDepartment)],
      ...taskOverrides,
    }),
    quarter: '2026-Q2',
    outcome: 'on_time',
    tags: ['新品上市', '渠道'],
    summary_outcome: '首月销量 3,420 台，完成目标的 114%',
    days_late: -2,
    completed_at: '2026-04-07T03:00:00Z',
    archived_at: '2026-04-14T03:00:00Z',
    ...overrides,
  };
}

/** A page of the library with facets over it. */
export function casePage(items: CaseCardDto[], overrides: Partial<CasePageDto> = {}): CasePageDto {
  return {
    items,
    total: items.length,
    next_cursor: null,
    facets: {
      department: [
        { value: marketingDepartment.id, label: marketingDepartment.name, count: 7 },
        { value: rdDepartment.id, label: rdDepartment.name, count: 2 },
      ],
      scenario: [{ value: 'cross_department', label: 'cross_department', count: 4 }],
      quarter: [
        { value: '2026-Q2', label: '2026-Q2', count: 1 },
        { value: '2026-Q4', label: '2026-Q4', count: 3 },
      ],
      tag: [
        { value: '新品上市', label: '新品上市', count: 1 },
        { value: '渠道', label: '渠道', count: 2 },
      ],
      outcome: [
        { value: 'on_time', label: 'on_time', count: 3 },
        { value: 'late', label: 'late', count: 4 },
      ],
    },
    ...overrides,
  };
}

/** The case page of 春季新品上市推广, with two files, a pinned comment and a meeting's decisions. */
export function caseDto(overrides: Partial<CaseDto> = {}): CaseDto {
  return {
    task: task({
      id: CASE_ID,
      title: '春季新品上市推广',
      status: 'archived',
      percent: 100,
      owner: wangfang,
      completed_at: '2026-04-07T03:00:00Z',
      allowed_transitions: [],
      capabilities: { can_edit: false, can_update_progress: false, can_split: false, can_delete: false },
    }),
    summary: summary(),
    tags: ['新品上市', '渠道'],
    quarter: '2026-Q2',
    outcome: 'on_time',
    timeline: [
      { at: '2026-02-26T03:00:00Z', kind: 'started', title: '春季新品上市推广', detail: null, planned: '2026-02-26T03:00:00Z', on_time: null },
      { at: '2026-03-20T03:00:00Z', kind: 'subtask', title: '样机与演示环境', detail: '研发部', planned: '2026-03-18T03:00:00Z', on_time: false },
      { at: '2026-04-07T03:00:00Z', kind: 'completed', title: '春季新品上市推广', detail: null, planned: '2026-04-09T03:00:00Z', on_time: true },
    ],
    files: [
      { task_title: '春季新品上市推广', file: taskFile({ id: '0193d000-0000-7000-8000-0000000000f1', name: '上市方案.pptx' }) },
      {
        task_title: '渠道铺货与培训',
        file: taskFile({
          id: '0193d000-0000-7000-8000-0000000000f2',
          name: '渠道培训名单.xlsx',
          access: { level: 'company_public', departments: [], people: [] },
        }),
      },
    ],
    pinned_comments: [],
    decisions: [
      {
        meeting_id: '0193c000-0000-7000-8000-000000000009',
        title: '上市启动会',
        starts_at: '2026-02-27T02:00:00Z',
        decisions: '4 月 7 日官网与门店同日上市',
      },
    ],
    can_tag: true,
    can_reopen: false,
    ...overrides,
  };
}
