import { approvalsKey, taskPartKey } from '@/lib/api/query-keys';
import { pathsApiV1ApprovalsGetParametersQueryBoxValues, type components } from '@/lib/api/schema';

type S = components['schemas'];

export type ApprovalItemDto = S['ApprovalItemDto'];
export type ApprovalCountsDto = S['ApprovalCountsDto'];
export type RequestDto = S['RequestDto'];
export type RequestForm = S['RequestForm'];
export type RequestLine = S['RequestLine'];
export type RequestStatus = S['RequestStatus'];
export type SubmissionDto = S['SubmissionDto'];
export type StepDto = S['StepDto'];
export type StepState = S['StepState'];
export type AssignmentDto = S['AssignmentDto'];
export type AssignmentState = S['AssignmentState'];
export type AssignmentOrigin = S['AssignmentOrigin'];
export type ApprovalMode = S['ApprovalMode'];
export type AddPosition = S['AddPosition'];
export type ResourceKind = S['ResourceKind'];
export type Currency = S['Currency'];
export type MoneyDto = S['MoneyDto'];
export type FlowDto = S['FlowDto'];
export type FlowBody = S['FlowBody'];
export type FlowStep = S['FlowStep'];
export type Conditions = S['Conditions'];
export type ApproverRule = S['ApproverRule'];
export type ApproverRuleKind = ApproverRule['kind'];
export type Role = S['Role'];
export type UserRef = S['UserRef'];

/** 待我审批 / 我已处理 / 我发起的 / 抄送我的, in the order of the tabs. */
export type ApprovalBox = (typeof pathsApiV1ApprovalsGetParametersQueryBoxValues)[number];
export const APPROVAL_BOXES: readonly ApprovalBox[] = pathsApiV1ApprovalsGetParametersQueryBoxValues;

export const RULE_KINDS: readonly ApproverRuleKind[] = ['user', 'initiator_head', 'department_head', 'supervisor', 'role'];

/** A task's resource request: a part of the task's page, refreshed by the task's live events. */
export const requestKey = (taskId: string) => taskPartKey('request', taskId);

/** Every submission of a task's request (under the request's key: refreshed with it). */
export const submissionsKey = (taskId: string) => taskPartKey('request', taskId, 'submissions');

/** The boxes' lines and counts. */
export { approvalsKey };

/** Approval flows (administrators). */
export const flowsKey = ['approval-flows'] as const;
