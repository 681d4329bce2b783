import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MilestoneDto } from '@/features/tasks/api/types';
import { dayOf, endOfDayUtc } from '@/lib/date';

export type MilestoneValue = { name?: string; due?: Dayjs | null; done_at?: string | null };

/** Milestones as form values (days in the user's time zone). */
export function milestonesToValues(ms: MilestoneDto[], tz?: string | null): MilestoneValue[] {
  return ms.map((m) => ({ name: m.name, due: dayOf(m.due_at, tz), done_at: m.done_at }));
}

/** Form values back to the API: complete rows only, deadlines at the end of the day. */
export function valuesToMilestones(values: MilestoneValue[] | undefined, tz?: string | null) {
  return (values ?? [])
    .filter((m): m is MilestoneValue & { name: string; due: Dayjs } => !!m.name?.trim() && !!m.due)
    .map((m) => ({ name: m.name.trim(), due_at: endOfDayUtc(m.due, tz), done_at: m.done_at ?? null }));
}

/** An editable list of milestones (name + day), as a Form.List named `milestones`. */
export function MilestonesField({ label, required }: { label: string; required?: boolean }) {
  const { t } = useTranslation(['tasks', 'errors']);
  return (
    <Form.List
      name="milestones"
      rules={
        required
          ? [
              {
                validator: (_, value?: MilestoneValue[]) =>
                  !value || value.length === 0
                    ? Promise.reject(new Error(t('errors:field.required')))
                    : Promise.resolve(),
              },
            ]
          : undefined
      }
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={label} required={required} style={{ marginBottom: 16 }}>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item
                name={[field.name, 'name']}
                rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
                style={{ flex: 1, marginBottom: 8 }}
              >
                <Input placeholder={t('milestone.name')} aria-label={`${t('milestone.name')} ${i + 1}`} maxLength={200} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'due']}
                rules={[{ required: true, message: t('errors:field.required') }]}
                style={{ marginBottom: 8 }}
              >
                <DatePicker placeholder={t('milestone.due_at')} aria-label={`${t('milestone.due_at')} ${i + 1}`} />
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('milestone.remove')}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', due: null })}>
            {t('milestone.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}
