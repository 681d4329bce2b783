import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { flowToValues, valuesToFlowBody, type FlowValues } from '@/features/approvals/components/flow-values';
import { amountProblem, formToValues, valuesToForm } from '@/features/approvals/components/request-form-values';
import type { components } from '@/lib/api/schema';

type S = components['schemas'];

describe('request form values', () => {
  it('checks amounts on the string, with the currency’s decimals', () => {
    expect(amountProblem('50000', 'CNY')).toBeNull();
    expect(amountProblem(' 50000.50 ', 'CNY')).toBeNull();
    expect(amountProblem('50000.505', 'CNY')).toBe('precision');
    expect(amountProblem('1200.5', 'JPY')).toBe('precision');
    expect(amountProblem('0.00', 'USD')).toBe('positive');
    expect(amountProblem('1,000', 'CNY')).toBe('decimal');
    expect(amountProblem('1e5', 'CNY')).toBe('decimal');
    // Far beyond what a float holds exactly: still just digits.
    expect(amountProblem('12345678901234567.89', 'CNY')).toBeNull();
  });

  it('sends each line with only the fields its kind has, and the needed-by day as a date', () => {
    const form = valuesToForm({
      lines: [
        { kind: 'budget', description: ' 推广费 ', amount: ' 50000 ', currency: 'CNY', people: 3, quantity: 2 },
        { kind: 'people_days', description: '开发', people: 2, days: 5, amount: '1', currency: 'CNY' },
        { kind: 'equipment', description: '测试机', quantity: 4 },
        { kind: 'data', description: '客户名单', quantity: 9 },
      ],
      department_ids: ['d-1'],
      justification: ' 大促 ',
      needed_by: dayjs('2026-12-10'),
    });
    expect(form).toEqual({
      lines: [
        { kind: 'budget', description: '推广费', amount: '50000', currency: 'CNY' },
        { kind: 'people_days', description: '开发', people: 2, days: 5 },
        { kind: 'equipment', description: '测试机', quantity: 4 },
        { kind: 'data', description: '客户名单' },
      ],
      department_ids: ['d-1'],
      justification: '大促',
      needed_by: '2026-12-10',
    });
    expect(valuesToForm(formToValues(form))).toEqual(form);
  });
});

describe('flow designer values', () => {
  const flow: S['FlowDto'] = {
    id: 'f-1',
    name: '预算申请审批',
    description: '五万以上总经理审批',
    position: 2,
    conditions: { resource_kinds: ['budget'], department_ids: ['d-1'] },
    steps: [
      {
        name: '财务会签',
        mode: 'all',
        approvers: [{ kind: 'initiator_head' }, { kind: 'department_head', department_id: 'd-9' }, { kind: 'role', role: 'admin' }],
        cc: [{ kind: 'supervisor' }],
        when: null,
      },
      {
        name: '总经理审批',
        mode: 'single',
        approvers: [{ kind: 'user', user_id: 'u-1' }],
        cc: [],
        when: { resource_kinds: [], department_ids: [], min_amount: '50000', currency: 'CNY' },
      },
    ],
    sla_working_hours: 18,
    is_active: false,
    version: 3,
    created_at: '2026-11-20T02:00:00Z',
    updated_at: '2026-11-20T02:00:00Z',
  };

  it('reads a flow into the designer and writes back the same body', () => {
    const { id: _id, version: _v, created_at: _c, updated_at: _u, ...body } = flow;
    expect(valuesToFlowBody(flowToValues(flow))).toEqual(body);
  });

  it('sends a threshold only with its currency, and no condition for a step without one', () => {
    const values: FlowValues = {
      name: ' 采购 ',
      is_active: true,
      sla_working_hours: 9,
      conditions: { resource_kinds: [], department_ids: [], currency: 'CNY', min_amount: ' ' },
      steps: [
        {
          name: '审批',
          mode: 'any',
          approvers: [{ kind: 'user', user_id: 'u-1', department_id: 'left over' }, undefined],
          has_when: false,
          when: { min_amount: '100', currency: 'USD' },
        },
      ],
    };
    expect(valuesToFlowBody(values)).toEqual({
      name: '采购',
      description: '',
      position: null,
      conditions: { resource_kinds: [], department_ids: [] },
      steps: [{ name: '审批', mode: 'any', approvers: [{ kind: 'user', user_id: 'u-1' }], cc: [], when: null }],
      sla_working_hours: 9,
      is_active: true,
    });
  });
});
