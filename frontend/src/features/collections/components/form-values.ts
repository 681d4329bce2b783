import dayjs, { type Dayjs } from 'dayjs';
import type {
  CollectionBody,
  CollectionDto,
  CollectionPatchBody,
  FormFieldKind,
  Recurrence,
} from '@/features/collections/api/types';
import { nowIn, zonedDateTimeUtc } from '@/lib/date';

/** A form field as edited: its key is made on sending (`f1`, `f2`…), people never type one. */
export type FieldValue = { label?: string; kind: FormFieldKind; required: boolean; options?: string[] };

export type DepartmentValue = { department_id?: string; answerer_ids?: string[] };

/**
 * The 发起收集 form. Names follow the API's paths (`spec.files.max_mb`, `schedule.due_at`,
 * `submitters.departments`…) so a 422's field errors land on the field they name.
 */
export type CollectionValues = {
  title: string;
  instructions?: string;
  template_file_id?: string | null;
  asks_files: boolean;
  spec: {
    files: { min_files: number; max_files: number; types?: string[]; max_mb?: number | null };
    fields?: FieldValue[];
  };
  submitters: { departments?: DepartmentValue[]; people?: string[] };
  schedule: {
    kind: Recurrence;
    due_at?: Dayjs | null;
    weekday?: number;
    working_day?: number;
    time?: Dayjs | null;
  };
  allow_late: boolean;
  remind_before_minutes: number;
};

export const DEFAULT_TIME = '18:00';

/** A new collection: files asked (1–5), due next week at 18:00 in the user's time zone. */
export function newCollectionValues(tz?: string | null): CollectionValues {
  return {
    title: '',
    instructions: '',
    template_file_id: null,
    asks_files: true,
    spec: { files: { min_files: 1, max_files: 5, types: [], max_mb: null }, fields: [] },
    submitters: { departments: [{ department_id: undefined, answerer_ids: [] }], people: [] },
    schedule: {
      kind: 'once',
      due_at: nowIn(tz).add(7, 'day').hour(18).minute(0),
      weekday: 5,
      working_day: 3,
      time: dayjs(`2000-01-01 ${DEFAULT_TIME}`),
    },
    allow_late: false,
    remind_before_minutes: 540,
  };
}

/** What may still change of a collection (the rest is shown, read-only). */
export function editValues(c: CollectionDto): Pick<
  CollectionValues,
  'title' | 'instructions' | 'template_file_id' | 'allow_late' | 'remind_before_minutes'
> {
  return {
    title: c.title,
    instructions: c.instructions,
    template_file_id: c.template?.file_id ?? null,
    allow_late: c.allow_late,
    remind_before_minutes: c.remind_before_minutes,
  };
}

function scheduleBody(s: CollectionValues['schedule'], tz?: string | null): CollectionBody['schedule'] {
  const time = s.time ? s.time.format('HH:mm') : DEFAULT_TIME;
  switch (s.kind) {
    case 'once':
      return { kind: 'once', due_at: s.due_at ? zonedDateTimeUtc(s.due_at, tz) : null };
    case 'weekly':
      return { kind: 'weekly', weekday: s.weekday ?? null, time };
    case 'monthly':
    case 'quarterly':
      return { kind: s.kind, working_day: s.working_day ?? null, time };
  }
}

/** The form as POST /tasks/{task_id}/collections wants it (times in the user's time zone). */
export function toCreateBody(v: CollectionValues, tz?: string | null): CollectionBody {
  const files = v.spec.files;
  return {
    title: v.title.trim(),
    instructions: v.instructions?.trim() ?? '',
    template_file_id: v.template_file_id ?? null,
    spec: {
      files: v.asks_files
        ? {
            min_files: files.min_files,
            max_files: files.max_files,
            types: (files.types ?? []).map((x) => x.trim().replace(/^\./, '').toLowerCase()).filter(Boolean),
            ...(files.max_mb ? { max_mb: files.max_mb } : {}),
          }
        : null,
      fields: (v.spec.fields ?? []).map((f, i) => ({
        key: `f${i + 1}`,
        label: f.label?.trim() ?? '',
        kind: f.kind,
        required: f.required,
        options: f.kind === 'choice' ? (f.options ?? []).map((o) => o.trim()).filter(Boolean) : [],
      })),
    },
    submitters: {
      departments: (v.submitters.departments ?? [])
        .filter((d): d is DepartmentValue & { department_id: string } => !!d.department_id)
        .map((d) => ({ department_id: d.department_id, answerer_ids: d.answerer_ids ?? [] })),
      people: v.submitters.people ?? [],
    },
    schedule: scheduleBody(v.schedule, tz),
    allow_late: v.allow_late,
    remind_before_minutes: v.remind_before_minutes,
  };
}

/** Only what changed, for PATCH (a cleared template is `remove_template`). */
export function toPatchBody(v: ReturnType<typeof editValues>, c: CollectionDto): CollectionPatchBody {
  const body: CollectionPatchBody = {};
  const title = v.title.trim();
  if (title !== c.title) body.title = title;
  const instructions = v.instructions?.trim() ?? '';
  if (instructions !== c.instructions) body.instructions = instructions;
  const template = v.template_file_id ?? null;
  if (template !== (c.template?.file_id ?? null)) {
    if (template) body.template_file_id = template;
    else body.remove_template = true;
  }
  if (v.allow_late !== c.allow_late) body.allow_late = v.allow_late;
  if (v.remind_before_minutes !== c.remind_before_minutes) body.remind_before_minutes = v.remind_before_minutes;
  return body;
}
