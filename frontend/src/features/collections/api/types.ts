import { taskListKey, taskPartKey } from '@/lib/api/query-keys';
import {
  formFieldKindValues,
  recurrenceValues,
  submissionStatusValues,
  type components,
} from '@/lib/api/schema';

type S = components['schemas'];

export type CollectionDto = S['CollectionDto'];
export type CollectionBody = S['CollectionBody'];
export type CollectionPatchBody = S['CollectionPatchBody'];
export type RoundDto = S['RoundDto'];
export type RoundCountsDto = S['RoundCountsDto'];
export type SubmissionDto = S['CollectionSubmissionDto'];
export type SubmittedFileDto = S['SubmittedFileDto'];
export type SubmissionStatus = S['SubmissionStatus'];
export type SubmissionMatrix = S['SubmissionMatrix'];
export type Schedule = S['CollectionSchedule'];
export type Recurrence = S['Recurrence'];
export type FormFieldKind = S['FormFieldKind'];
export type FieldSpec = S['FieldSpec'];
export type FileSpec = S['FileSpec'];
export type TemplateDto = S['TemplateDto'];
export type UserRef = S['UserRef'];

/** Answers by field key: the spec types them as a bare `object`. */
export type Answers = Record<string, unknown>;

/** A submission's answers as the values they are. */
export const answersOf = (s: Pick<SubmissionDto, 'answers'>): Answers => s.answers;

export const RECURRENCES: readonly Recurrence[] = recurrenceValues;
export const FIELD_KINDS: readonly FormFieldKind[] = formFieldKindValues;
export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = submissionStatusValues;

/**
 * Everything about a task's collections (the list, each round's matrix, the template choices)
 * lives under the task's key, so the task's live events (`collection`) refresh it.
 */
export const collectionsKey = (taskId: string) => taskPartKey('collections', taskId);

/** One round's matrix, narrowed to some statuses (empty: all). */
export const matrixKey = (taskId: string, roundId: string, statuses: readonly SubmissionStatus[]) =>
  [...collectionsKey(taskId), 'round', roundId, [...statuses]] as const;

/** 待我提交: the open submissions the caller answers for, in every task. */
export const handInsKey = taskListKey('hand_ins');
