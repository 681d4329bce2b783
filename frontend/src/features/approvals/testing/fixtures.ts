import type { components } from '@/lib/api/schema';
import { marketingDepartment, salesDepartment, task, zhangsan } from '@/testing/fixtures';

type S = components['schemas'];

const ref = (id: string, name: string): S['UserRef'] => ({ id, name });

export const lisi = ref('0193a000-0000-7000-8000-000000000102', '李四');
export const wangfang = ref('0193a000-0000-7000-8000-000000000103', '王芳');
export const yangfan = ref('0193a000-0000-7000-8000-000000000104', '杨帆');
export const zhaoliu = ref('0193a000-0000-7000-8000-000000000106', '赵六');
export const qianqi = ref('0193a000-0000-7000-8000-000000000107', '钱七');
export const gm = ref('0193a000-0000-7000-8000-000000000108', '赵总');

export const financeDepartment: S['DepartmentDto'] = {
  ...salesDepartment,
  id: '0193a000-0000-7000-8000-000000000006',
  name: '财务部',
  heads: [wangfang],
};

/** A resource-request task owned by 张三 (who may edit it). */
export function requestTask(overrides: Partial<S['TaskDto']> = {}): S['TaskDto'] {
  return task({
    id: '0193b000-0000-7000-8000-000000000031',
    scenario: 'resource_request',
    title: '双十一推广预算申请',
    template: null,
    ...overrides,
  });
}

export function budgetLine(amount: string, description = '双十一线上推广费'): S['RequestLine'] {
  return { kind: 'budget', description, amount, currency: 'CNY' };
}

/** 张三's request, a draft he may edit and submit. */
export function request(overrides: Partial<S['RequestDto']> = {}): S['RequestDto'] {
  return {
    task_id: requestTask().id,
    task_title: requestTask().title,
    status: 'draft',
    form: {
      lines: [budgetLine('50000.00')],
      department_ids: [marketingDepartment.id],
      justification: '新品上市，需要线上推广',
      needed_by: '2026-12-10',
    },
    total: { amount: '50000.00', currency: 'CNY' },
    form_revision: 1,
    initiator: ref(zhangsan.id, zhangsan.name),
    version: 2,
    created_at: '2026-11-25T02:00:00Z',
    updated_at: '2026-11-25T02:00:00Z',
    current: null,
    can: { edit: true, submit: true, withdraw: false, nudge: false, decide: false },
    ...overrides,
  };
}

export function assignment(id: string, approver: S['UserRef'], overrides: Partial<S['AssignmentDto']> = {}): S['AssignmentDto'] {
  return {
    id,
    approver,
    state: 'waiting',
    origin: 'flow',
    via: null,
    activated_at: null,
    due_at: null,
    acted_at: null,
    comment: null,
    automatic: false,
    seen_revision: null,
    ...overrides,
  };
}

/**
 * Submission 1 of request(), in a two-step flow: 李四 approved step 1 after two hours; step 2
 * (会签) waits on 杨帆, to whom 赵六 transferred, while 王芳 approved at once (she had approved
 * before); 钱七 is copied when step 2 is approved.
 */
export function submission(overrides: Partial<S['SubmissionDto']> = {}): S['SubmissionDto'] {
  return {
    id: '0193e000-0000-7000-8000-000000000001',
    number: 1,
    flow_id: '0193f000-0000-7000-8000-000000000001',
    flow_name: '预算申请审批',
    form_revision: 1,
    form: request().form,
    submitted_by: ref(zhangsan.id, zhangsan.name),
    submitted_at: '2026-11-25T02:00:00Z',
    outcome: 'pending',
    current_step: 1,
    ended_at: null,
    ended_by: null,
    end_comment: null,
    steps: [
      {
        index: 0,
        name: '部门负责人审批',
        mode: 'single',
        state: 'approved',
        sla_working_hours: 9,
        assignments: [
          assignment('a-1', lisi, {
            state: 'approved',
            activated_at: '2026-11-25T02:00:00Z',
            acted_at: '2026-11-25T04:00:00Z',
            comment: '同意，注意控制投放节奏',
            seen_revision: 1,
          }),
        ],
        cc: [],
      },
      {
        index: 1,
        name: '财务会签',
        mode: 'all',
        state: 'active',
        sla_working_hours: 9,
        assignments: [
          assignment('a-2', wangfang, {
            state: 'approved',
            activated_at: '2026-11-25T04:00:00Z',
            acted_at: '2026-11-25T04:00:00Z',
            automatic: true,
          }),
          assignment('a-3', zhaoliu, { state: 'transferred', activated_at: '2026-11-25T04:00:00Z', acted_at: '2026-11-25T05:00:00Z' }),
          assignment('a-4', yangfan, {
            state: 'pending',
            origin: 'transfer',
            via: zhaoliu,
            activated_at: '2026-11-25T05:00:00Z',
          }),
        ],
        cc: [qianqi],
      },
    ],
    copied: [],
    ...overrides,
  };
}

export function approvalItem(n: number, overrides: Partial<S['ApprovalItemDto']> = {}): S['ApprovalItemDto'] {
  return {
    task_id: `0193b000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    title: `推广预算申请 ${n}`,
    initiator: wangfang,
    status: 'pending',
    total: { amount: `${n}0000.00`, currency: 'CNY' },
    submission_number: 1,
    current_step_name: '财务会签',
    my_state: 'pending',
    my_comment: null,
    at: '2026-11-26T01:00:00Z',
    ...overrides,
  };
}
