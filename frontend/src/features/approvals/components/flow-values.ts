import type {
  ApprovalMode,
  ApproverRule,
  ApproverRuleKind,
  Conditions,
  Currency,
  FlowBody,
  FlowDto,
  ResourceKind,
  Role,
} from '@/features/approvals/api/types';

/** An approver (or cc) rule as the designer holds it, whatever its kind. */
export type RuleValue = { kind: ApproverRuleKind; user_id?: string; department_id?: string; role?: Role };

export type ConditionValues = {
  resource_kinds?: ResourceKind[];
  department_ids?: string[];
  min_amount?: string;
  currency?: Currency;
};

export type StepValues = {
  name?: string;
  mode: ApprovalMode;
  approvers: (RuleValue | undefined)[];
  cc?: (RuleValue | undefined)[];
  /** Whether the step applies only when `when` holds. */
  has_when?: boolean;
  when?: ConditionValues;
};

export type FlowValues = {
  name?: string;
  description?: string;
  position?: number | null;
  sla_working_hours?: number | null;
  is_active: boolean;
  conditions?: ConditionValues;
  steps: StepValues[];
};

export const NEW_RULE: RuleValue = { kind: 'initiator_head' };

/** Thresholds are in yuan unless changed. */
const NEW_CONDITIONS: ConditionValues = { resource_kinds: [], department_ids: [], currency: 'CNY' };

export const NEW_STEP: StepValues = {
  name: '',
  mode: 'single',
  approvers: [{ ...NEW_RULE }],
  cc: [],
  has_when: false,
  when: { ...NEW_CONDITIONS },
};

export const NEW_FLOW: FlowValues = {
  name: '',
  description: '',
  position: null,
  sla_working_hours: 9,
  is_active: true,
  conditions: { ...NEW_CONDITIONS },
  steps: [{ ...NEW_STEP }],
};

/** Whether a rule names whom it needs (a person, a department, a role). */
export function ruleComplete(r: RuleValue | undefined): boolean {
  if (!r?.kind) return false;
  if (r.kind === 'user') return !!r.user_id;
  if (r.kind === 'department_head') return !!r.department_id;
  if (r.kind === 'role') return !!r.role;
  return true;
}

/** A rule as the API's tagged ApproverRule: only the field its kind has. */
export function ruleBody(r: RuleValue): ApproverRule {
  switch (r.kind) {
    case 'user':
      return { kind: 'user', user_id: r.user_id ?? '' };
    case 'department_head':
      return { kind: 'department_head', department_id: r.department_id ?? '' };
    case 'role':
      return { kind: 'role', role: r.role ?? 'dept_head' };
    case 'initiator_head':
      return { kind: 'initiator_head' };
    case 'supervisor':
      return { kind: 'supervisor' };
  }
}

function ruleValue(r: ApproverRule): RuleValue {
  switch (r.kind) {
    case 'user':
      return { kind: 'user', user_id: r.user_id };
    case 'department_head':
      return { kind: 'department_head', department_id: r.department_id };
    case 'role':
      return { kind: 'role', role: r.role };
    default:
      return { kind: r.kind };
  }
}

/** Conditions as the API wants them: a threshold only with its currency, as the string typed. */
export function conditionsBody(c: ConditionValues | undefined): Conditions {
  const min = c?.min_amount?.trim();
  return {
    resource_kinds: c?.resource_kinds ?? [],
    department_ids: c?.department_ids ?? [],
    ...(min ? { min_amount: min, currency: c?.currency ?? null } : {}),
  };
}

function conditionValues(c: Conditions | null | undefined): ConditionValues {
  return {
    resource_kinds: c?.resource_kinds ?? [],
    department_ids: c?.department_ids ?? [],
    min_amount: c?.min_amount ?? undefined,
    currency: c?.currency ?? NEW_CONDITIONS.currency,
  };
}

const present = (r: RuleValue | undefined): r is RuleValue => r !== undefined;

/** The designer's values as the API's FlowBody. */
export function valuesToFlowBody(v: FlowValues): FlowBody {
  return {
    name: (v.name ?? '').trim(),
    description: (v.description ?? '').trim(),
    position: v.position ?? null,
    conditions: conditionsBody(v.conditions),
    steps: v.steps.map((s) => ({
      name: (s.name ?? '').trim(),
      mode: s.mode,
      approvers: s.approvers.filter(present).map(ruleBody),
      cc: (s.cc ?? []).filter(present).map(ruleBody),
      when: s.has_when ? conditionsBody(s.when) : null,
    })),
    sla_working_hours: v.sla_working_hours ?? null,
    is_active: v.is_active,
  };
}

/** A flow as read, in the designer. */
export function flowToValues(f: FlowDto): FlowValues {
  return {
    name: f.name,
    description: f.description,
    position: f.position,
    sla_working_hours: f.sla_working_hours,
    is_active: f.is_active,
    conditions: conditionValues(f.conditions),
    steps: f.steps.map((s) => ({
      name: s.name,
      mode: s.mode,
      approvers: s.approvers.map(ruleValue),
      cc: (s.cc ?? []).map(ruleValue),
      has_when: !!s.when,
      when: conditionValues(s.when),
    })),
  };
}

/** The people a flow's rules name, to look their names up. */
export function flowUserIds(f: FlowDto): string[] {
  return f.steps.flatMap((s) => [...s.approvers, ...(s.cc ?? [])]).flatMap((r) => (r.kind === 'user' ? [r.user_id] : []));
}
