import { DatePicker, Flex, Form, InputNumber, Radio, Select, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { RECURRENCES, type Recurrence } from '@/features/collections/api/types';
import { nowIn } from '@/lib/date';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * 截止规则: 一次性 (a date and time in the user's time zone), 每周 (weekday + time), 每月 / 每季度
 * (the Nth working day + time).
 */
export function ScheduleFields({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation(['collections', 'errors']);
  const kind = Form.useWatch<Recurrence | undefined>(['schedule', 'kind']);
  const required = { required: true, message: t('errors:field.required') };
  const time = (
    <Form.Item name={['schedule', 'time']} label={t('form.time')} rules={[required]}>
      <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} aria-label={t('form.time')} />
    </Form.Item>
  );
  return (
    <>
      <Form.Item name={['schedule', 'kind']} label={t('form.kind')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={RECURRENCES.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
      </Form.Item>
      {kind === 'once' && (
        <Form.Item
          name={['schedule', 'due_at']}
          label={t('form.due_at')}
          rules={[
            required,
            {
              validator: (_, v?: Dayjs | null) =>
                !v || v.isAfter(nowIn(timeZone)) ? Promise.resolve() : Promise.reject(new Error(t('form.in_past'))),
            },
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
        </Form.Item>
      )}
      {kind === 'weekly' && (
        <Flex gap={16} wrap>
          <Form.Item name={['schedule', 'weekday']} label={t('form.weekday')} rules={[required]}>
            <Select
              style={{ width: 140 }}
              options={WEEKDAYS.map((d) => ({ value: d, label: t('form.weekday_option', { weekday: t(`weekdays.${d}`) }) }))}
            />
          </Form.Item>
          {time}
        </Flex>
      )}
      {(kind === 'monthly' || kind === 'quarterly') && (
        <Flex gap={16} wrap>
          <Form.Item name={['schedule', 'working_day']} label={t('form.working_day')} rules={[required]}>
            <InputNumber min={1} max={20} precision={0} prefix={t('form.working_day_before')} suffix={t('form.working_day_addon')} style={{ width: 200 }} />
          </Form.Item>
          {time}
        </Flex>
      )}
    </>
  );
}
