import type { components } from '@/lib/api/schema';
import { marketingDepartment, rdDepartment, salesDepartment } from '@/testing/fixtures';

type S = components['schemas'];

/** A department with nothing to report. */
export function figures(department: { id: string | null; name: string }, overrides: Partial<S['DepartmentFigures']> = {}) {
  const zero: S['DepartmentFigures'] = {
    department_id: department.id,
    department_name: department.name,
    due: 0,
    done_on_time: 0,
    done_late: 0,
    on_time_rate: null,
    overdue_now: 0,
    average_delay_hours: null,
    median_ack_hours: null,
    unacknowledged: 0,
    ack_breaches: 0,
    help_requests: 0,
    help_answered_within_24h: 0,
    escalations: 0,
    completed: 0,
    median_cycle_hours: null,
    handoff_wait_hours: 0,
    handoffs_waited: 0,
    critical_path_tasks: 0,
  };
  return { ...zero, ...overrides };
}

/** 销售部: 1 of 3 due tasks on time, 2 overdue now, and it kept others waiting 30.5 hours. */
export const salesFigures = figures(salesDepartment, {
  due: 3,
  done_on_time: 1,
  done_late: 1,
  on_time_rate: 0.3333,
  overdue_now: 2,
  average_delay_hours: 26.5,
  median_ack_hours: 1.25,
  unacknowledged: 1,
  ack_breaches: 2,
  help_requests: 2,
  help_answered_within_24h: 1,
  escalations: 1,
  completed: 2,
  median_cycle_hours: 48,
  handoff_wait_hours: 30.5,
  handoffs_waited: 2,
  critical_path_tasks: 3,
});

/** 市场部: 1 of 3 on time, 1 overdue now. */
export const marketingFigures = figures(marketingDepartment, {
  due: 3,
  done_on_time: 1,
  done_late: 0,
  on_time_rate: 0.3333,
  overdue_now: 1,
  median_ack_hours: 2.5,
  ack_breaches: 1,
  help_requests: 2,
  help_answered_within_24h: 2,
  escalations: 1,
  completed: 1,
  median_cycle_hours: 20,
  handoff_wait_hours: 4,
  handoffs_waited: 1,
  critical_path_tasks: 1,
});

/** 研发部: nothing due in the period. */
export const rdFigures = figures(rdDepartment);

/** The report of all three departments (an administrator's): 2 of 6 due tasks on time, 33.3%. */
export function efficiencyReport(overrides: Partial<S['EfficiencyReport']> = {}): S['EfficiencyReport'] {
  return {
    from: '2026-10-30',
    to: '2026-11-26',
    time_zone: 'Asia/Shanghai',
    generated_at: '2026-11-26T08:00:00Z',
    totals: figures(
      { id: null, name: '全部' },
      {
        due: 6,
        done_on_time: 2,
        done_late: 1,
        on_time_rate: 0.3333,
        overdue_now: 3,
        average_delay_hours: 26.5,
        median_ack_hours: 1.5,
        unacknowledged: 1,
        ack_breaches: 3,
        help_requests: 4,
        help_answered_within_24h: 3,
        escalations: 2,
        completed: 3,
        median_cycle_hours: 34,
        handoff_wait_hours: 34.5,
        handoffs_waited: 3,
        critical_path_tasks: 4,
      },
    ),
    departments: [marketingFigures, salesFigures, rdFigures],
    overdue_top: [salesFigures, marketingFigures],
    weeks: [
      { week_start: '2026-10-30', due: 1, done_on_time: 1, on_time_rate: 1 },
      { week_start: '2026-11-02', due: 2, done_on_time: 0, on_time_rate: 0 },
      { week_start: '2026-11-09', due: 0, done_on_time: 0, on_time_rate: null },
      { week_start: '2026-11-16', due: 2, done_on_time: 1, on_time_rate: 0.5 },
      { week_start: '2026-11-23', due: 1, done_on_time: 0, on_time_rate: 0 },
    ],
    approvals: {
      totals: {
        department_id: null,
        name: '全部',
        decisions: 0,
        median_hours: null,
        average_hours: null,
        waiting: 0,
        longest_wait_hours: null,
      },
      steps: [],
      departments: [],
    },
    ...overrides,
  };
}

/** A report in which nothing happened. */
export function emptyReport(): S['EfficiencyReport'] {
  return efficiencyReport({
    totals: figures({ id: null, name: '全部' }),
    departments: [rdFigures],
    overdue_top: [],
    weeks: [{ week_start: '2026-11-23', due: 0, done_on_time: 0, on_time_rate: null }],
  });
}

/** An approval step, department or the totals, with nothing decided and nobody waiting. */
export function approvalFigures(
  group: { department_id?: string | null; name: string },
  overrides: Partial<S['ApprovalFigures']> = {},
): S['ApprovalFigures'] {
  return {
    department_id: group.department_id ?? null,
    name: group.name,
    decisions: 0,
    median_hours: null,
    average_hours: null,
    waiting: 0,
    longest_wait_hours: null,
    ...overrides,
  };
}

/**
 * 审批时效 of five decisions (1.9, 2, 2.2, 28 and 32.5 hours), slowest first as the API sorts
 * them: 财务复核 (decided by 销售部) took 28 and 32.5 hours, and a request waits there on an
 * approver without a department (no decisions, so no hours); 部门审批 (市场部) about 2 hours.
 */
export const approvalTimes: S['ApprovalTimes'] = {
  totals: approvalFigures(
    { name: '全部' },
    { decisions: 5, median_hours: 2.2, average_hours: 13.32, waiting: 2, longest_wait_hours: 52.36 },
  ),
  steps: [
    approvalFigures(
      { name: '财务复核' },
      { decisions: 2, median_hours: 30.25, average_hours: 30.25, waiting: 1, longest_wait_hours: 52.36 },
    ),
    approvalFigures({ name: '部门审批' }, { decisions: 3, median_hours: 2, average_hours: 2.03, waiting: 1, longest_wait_hours: 4.5 }),
  ],
  departments: [
    approvalFigures(
      { department_id: salesDepartment.id, name: salesDepartment.name },
      { decisions: 2, median_hours: 30.25, average_hours: 30.25, waiting: 0 },
    ),
    approvalFigures(
      { department_id: marketingDepartment.id, name: marketingDepartment.name },
      { decisions: 3, median_hours: 2, average_hours: 2.03, waiting: 1, longest_wait_hours: 4.5 },
    ),
    approvalFigures({ name: '（无部门）' }, { waiting: 1, longest_wait_hours: 52.36 }),
  ],
};
