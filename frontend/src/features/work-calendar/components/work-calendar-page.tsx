import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useDeleteCalendarDay } from '@/features/work-calendar/api/delete-calendar-day';
import { useWorkCalendar, type CalendarDayDto } from '@/features/work-calendar/api/get-work-calendar';
import { useSetCalendarDay } from '@/features/work-calendar/api/set-calendar-day';
import { CalendarWarnings } from '@/features/work-calendar/components/calendar-warnings';
import { ImportScheduleModal } from '@/features/work-calendar/components/import-schedule-modal';
import { nowIn } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

type Values = { day?: Dayjs; working: boolean; name?: string };

function DayTag({ working }: { working: boolean }) {
  const { t } = useTranslation('workdays');
  return working ? <Tag color="orange">{t('working')}</Tag> : <Tag color="green">{t('holiday')}</Tag>;
}

/** 工作日历 (administrators): holidays and make-up working days that the reminders count with. */
export function WorkCalendarPage({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation(['workdays', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, applyToForm } = useErrorMessage();
  const thisYear = nowIn(timeZone).year();
  const [year, setYear] = useState(thisYear);
  const calendar = useWorkCalendar(year);
  const setDay = useSetCalendarDay();
  const remove = useDeleteCalendarDay();
  const [form] = Form.useForm<Values>();
  const [importing, setImporting] = useState(false);

  const submit = (v: Values) => {
    if (!v.day) return;
    const day = v.day.format('YYYY-MM-DD');
    setDay.mutate(
      { day, body: { working: v.working, name: v.name?.trim() ?? '' } },
      {
        onSuccess: () => {
          void notify.success(t('saved', { day }));
          form.resetFields();
          if (v.day && v.day.year() !== year) setYear(v.day.year());
        },
        onError: (err) => {
          const left = applyToForm(form, err);
          void notify.error([message(err), ...left].join(' '));
        },
      },
    );
  };

  const edit = (d: CalendarDayDto) => form.setFieldsValue({ day: dayjs(d.day), working: d.working, name: d.name });

  const days = [...(calendar.data?.days ?? [])].sort((a, b) => a.day.localeCompare(b.day));

  const columns = [
    {
      title: t('columns.day'),
      dataIndex: 'day',
      key: 'day',
      render: (day: string) => `${day}（${dayjs(day).format('dddd')}）`,
    },
    {
      title: t('columns.kind'),
      key: 'kind',
      render: (_: unknown, d: CalendarDayDto) => <DayTag working={d.working} />,
    },
    { title: t('columns.name'), dataIndex: 'name', key: 'name', render: (n: string) => n || t('common:empty') },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_: unknown, d: CalendarDayDto) => (
        <Space size="small">
          <Button size="small" onClick={() => edit(d)} aria-label={`${t('common:actions.edit')} ${d.day}`}>
            {t('common:actions.edit')}
          </Button>
          <AsyncPopconfirm
            title={t('delete_confirm', { day: d.day })}
            description={t('delete_hint')}
            okText={t('common:actions.confirm')}
            cancelText={t('common:actions.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync(d.day).then(
                () => void notify.success(t('deleted', { day: d.day })),
                (err: unknown) => void notify.error(message(err)),
              )
            }
          >
            <Button size="small" danger aria-label={`${t('delete')} ${d.day}`}>
              {t('delete')}
            </Button>
          </AsyncPopconfirm>
        </Space>
      ),
    },
  ];

  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <CalendarWarnings />
      <ImportScheduleModal open={importing} onClose={() => setImporting(false)} onImported={setYear} />
      <Card
        title={t('title')}
        extra={
          <Space>
            <Button onClick={() => setImporting(true)}>{t('import.button')}</Button>
            <Select
              aria-label={t('year')}
              value={year}
              onChange={setYear}
              style={{ width: 120 }}
              options={(years.includes(year) ? years : [...years, year]).map((y) => ({
                value: y,
                label: t('year_label', { year: y }),
              }))}
            />
          </Space>
        }
      >
        {calendar.error && <Alert type="error" showIcon message={message(calendar.error)} />}
        {calendar.data && (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 3 }}
            items={[
              {
                key: 'hours',
                label: t('hours'),
                children: `${calendar.data.day_start}–${calendar.data.day_end}`,
              },
              { key: 'tz', label: t('time_zone'), children: calendar.data.time_zone },
              { key: 'rule', label: t('rule_label'), children: t('rule') },
              {
                key: 'schedule',
                label: t('schedule_label', { year: calendar.data.year }),
                children: calendar.data.is_scheduled ? (
                  <Space size={4} wrap>
                    <Tag color="green">{t('scheduled')}</Tag>
                    <Typography.Text type="secondary">{calendar.data.source}</Typography.Text>
                  </Space>
                ) : (
                  <Tag color="warning">{t('unscheduled')}</Tag>
                ),
              },
            ]}
          />
        )}
        {calendar.data && !calendar.data.is_scheduled && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="year-unscheduled"
            message={t('unscheduled_hint', { year: calendar.data.year })}
            action={
              <Button size="small" onClick={() => setImporting(true)}>
                {t('import.button')}
              </Button>
            }
          />
        )}
        <Form<Values>
          form={form}
          name="calendar-day"
          layout="inline"
          initialValues={{ working: false, name: '' }}
          onFinish={submit}
          style={{ margin: '16px 0', rowGap: 8 }}
        >
          <Form.Item name="day" label={t('columns.day')} rules={[{ required: true, message: t('errors:field.required') }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="working" label={t('columns.kind')}>
            <Radio.Group
              options={[
                { value: false, label: t('holiday') },
                { value: true, label: t('working') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('columns.name')}>
            <Input maxLength={50} placeholder={t('name_placeholder')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={setDay.isPending}>
              {t('save')}
            </Button>
          </Form.Item>
        </Form>
        <Table<CalendarDayDto>
          rowKey="day"
          size="small"
          loading={calendar.isLoading}
          columns={columns}
          dataSource={days}
          pagination={false}
          locale={{ emptyText: t('empty', { year }) }}
        />
      </Card>
    </Space>
  );
}
