import type { Answers, CollectionDto, RoundDto, SubmissionDto, SubmittedFileDto } from '@/features/collections/api/types';
import type { components } from '@/lib/api/schema';
import { marketingDepartment, rdDepartment, salesDepartment, task, zhangsan } from '@/testing/fixtures';

type S = components['schemas'];

export const me = { id: zhangsan.id, name: zhangsan.name };
export const lisi = { id: '0193a000-0000-7000-8000-000000000102', name: '李四' };
export const wangfang = { id: '0193a000-0000-7000-8000-000000000103', name: '王芳' };
export const yangfan = { id: '0193a000-0000-7000-8000-000000000104', name: '杨帆' };

const COLLECTION_ID = '0193c000-0000-7000-8000-000000000001';
export const ROUND_ID = '0193c000-0000-7000-8000-000000000011';

/** An info-sync task run by 张三 (he is the collector). */
export function infoSyncTask(overrides: Partial<S['TaskDto']> = {}): S['TaskDto'] {
  return task({
    id: '0193b000-0000-7000-8000-000000000041',
    scenario: 'info_sync',
    title: '月度经营数据提交',
    template: null,
    ...overrides,
  });
}

const ref = (d: { id: string; name: string }) => ({ id: d.id, name: d.name });

export function round(overrides: Partial<RoundDto> = {}): RoundDto {
  const id = overrides.id ?? ROUND_ID;
  return {
    id,
    collection_id: COLLECTION_ID,
    period: '2026-11',
    // Thursday 26 November 2026 18:00 in Shanghai, after the tests' 10:00.
    due_at: '2026-11-26T10:00:00Z',
    state: 'open',
    created_at: '2026-11-02T00:00:00Z',
    counts: { total: 4, pending: 1, submitted: 1, accepted: 1, returned: 1, late: 1 },
    archive_url: `/api/v1/collection-rounds/${id}/archive`,
    answers_url: `/api/v1/collection-rounds/${id}/answers`,
    ...overrides,
  };
}

/** A monthly collection of 张三's from 销售部, 市场部 and 研发部: one file and the month's revenue. */
export function collection(overrides: Partial<CollectionDto> = {}): CollectionDto {
  return {
    id: COLLECTION_ID,
    task_id: infoSyncTask().id,
    title: '11 月经营数据',
    instructions: '按模板填写本部门数据',
    template: null,
    spec: {
      files: { min_files: 1, max_files: 3, types: ['xlsx'] },
      fields: [{ key: 'f1', label: '营业额（万元）', kind: 'number', required: true, options: [] }],
    },
    submitters: {
      departments: [
        { department: ref(salesDepartment), answerers: [] },
        { department: ref(marketingDepartment), answerers: [] },
        { department: ref(rdDepartment), answerers: [yangfan] },
      ],
      people: [],
    },
    schedule: { kind: 'monthly', working_day: 3, time: '18:00' },
    allow_late: true,
    remind_before_minutes: 540,
    is_active: true,
    next_due_at: '2026-12-03T10:00:00Z',
    rounds: [round()],
    can_manage: true,
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    version: 2,
    ...overrides,
  };
}

export function handedFile(name: string, version = 1): SubmittedFileDto {
  return {
    file_id: `0193d000-0000-7000-8000-00000000010${version}`,
    name,
    stored_name: `销售部_${name}`,
    size_bytes: 2048,
    version,
    uploaded_at: '2026-11-26T01:00:00Z',
    uploaded_by: me,
    download_url: '/api/v1/files/x/content',
  };
}

/** `answers` as values (the spec types them as a bare object). */
export function submission({ answers, ...overrides }: Partial<Omit<SubmissionDto, 'answers'>> & { answers?: Answers } = {}): SubmissionDto {
  return {
    id: '0193c000-0000-7000-8000-000000000101',
    round_id: ROUND_ID,
    collection_id: COLLECTION_ID,
    task_id: infoSyncTask().id,
    department: ref(salesDepartment),
    person: null,
    answerers: [lisi],
    status: 'pending',
    missing: false,
    is_late: false,
    due_at: round().due_at,
    submitted_by: null,
    submitted_at: null,
    files: [],
    review: null,
    can_submit: false,
    can_review: false,
    version: 1,
    ...overrides,
    answers: (answers ?? {}) as SubmissionDto['answers'],
  };
}
