import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApprovalMode, AssignmentState, RequestStatus, StepState } from '@/features/approvals/api/types';

const REQUEST_COLORS: Record<RequestStatus, string | undefined> = {
  draft: undefined,
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  withdrawn: undefined,
};

const STEP_COLORS: Record<StepState, string | undefined> = {
  waiting: undefined,
  active: 'processing',
  approved: 'success',
  ended: undefined,
};

const ASSIGNMENT_COLORS: Record<AssignmentState, string | undefined> = {
  waiting: undefined,
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  transferred: 'purple',
  skipped: undefined,
};

/** 草稿 / 审批中 / 已通过 / 已拒绝 / 已退回 / 已撤回 */
export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('approvals');
  return <Tag color={REQUEST_COLORS[status]}>{t(`status.${status}`)}</Tag>;
}

/** Where a step of a submission stands. */
export function StepStateTag({ state }: { state: StepState }) {
  const { t } = useTranslation('approvals');
  return <Tag color={STEP_COLORS[state]}>{t(`step_state.${state}`)}</Tag>;
}

/** Where one approver's place stands (待审批, 已同意, 已转交…). */
export function AssignmentStateTag({ state }: { state: AssignmentState }) {
  const { t } = useTranslation('approvals');
  return <Tag color={ASSIGNMENT_COLORS[state]}>{t(`assignment_state.${state}`)}</Tag>;
}

/** 单人 / 会签 / 或签 */
export function ModeTag({ mode }: { mode: ApprovalMode }) {
  const { t } = useTranslation('approvals');
  return <Tag color={mode === 'single' ? undefined : 'geekblue'}>{t(`mode.${mode}`)}</Tag>;
}
