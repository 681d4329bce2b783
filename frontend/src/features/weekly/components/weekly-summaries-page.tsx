import { Alert, Button, Card, DatePicker, Empty, Flex, List, Select, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWeeklySummary } from '@/features/weekly/api/get-weekly-summary';
import { useWeeklySummaries } from '@/features/weekly/api/list-weekly-summaries';
import type { WeeklySummaryDto } from '@/features/weekly/api/types';
import { WeeklyEditor } from '@/features/weekly/components/weekly-editor';
import { currentMonday, mondayOf, shiftWeek, sundayOf } from '@/features/weekly/hooks/use-week';
import { useWeeklyDepartments } from '@/features/weekly/hooks/use-weekly-departments';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/** 本周协作总结: one department's week (summary or draft) and its history. */
export function WeeklySummariesPage({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['weekly', 'common']);
  const { message } = useErrorMessage();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const { departments, isPending } = useWeeklyDepartments();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const thisWeek = currentMonday(timeZone);
  const [week, setWeek] = useState(thisWeek);
  const departmentId = picked ?? departments[0]?.id;
  const department = departments.find((d) => d.id === departmentId);
  const current = useWeeklySummary(departmentId, week);
  const history = useWeeklySummaries(departmentId);

  if (isPending) return <Spin />;
  if (departments.length === 0) {
    return (
      <Card title={t('title')}>
        <Empty description={t('no_department')} />
      </Card>
    );
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('title')}
        extra={
          <Space wrap>
            <Select
              aria-label={t('department')}
              style={{ minWidth: 160 }}
              value={departmentId}
              onChange={setPicked}
              showSearch
              optionFilterProp="label"
              options={departments.map((d) => ({ value: d.id, label: d.name }))}
            />
            <Button onClick={() => setWeek(shiftWeek(week, -1))}>{t('prev_week')}</Button>
            <DatePicker
              picker="week"
              allowClear={false}
              aria-label={t('week')}
              value={dayjs(week)}
              format={() => t('week_range', { from: week, to: sundayOf(week) })}
              onChange={(d) => d && setWeek(mondayOf(d))}
            />
            <Button onClick={() => setWeek(shiftWeek(week, 1))} disabled={week >= thisWeek}>
              {t('next_week')}
            </Button>
            {week !== thisWeek && <Button onClick={() => setWeek(thisWeek)}>{t('this_week')}</Button>}
          </Space>
        }
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('heading', { department: department?.name ?? '', from: week, to: sundayOf(week) })}
        </Typography.Title>
        {current.data?.summary && (
          <Typography.Paragraph type="secondary">
            {t('last_saved', { at: formatDateTime(current.data.summary.updated_at, lng, timeZone) })}
          </Typography.Paragraph>
        )}
        {current.error ? (
          <Alert type="error" showIcon message={message(current.error)} />
        ) : !current.data || !departmentId ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : (
          <WeeklyEditor
            // A new week, department or version is a new form: prefill again.
            key={`${departmentId}/${week}/${current.data.summary?.version ?? 'draft'}`}
            departmentId={departmentId}
            week={week}
            data={current.data}
            canWrite={department?.canWrite ?? false}
          />
        )}
      </Card>
      <Card title={t('history')}>
        {history.error && <Alert type="error" showIcon message={message(history.error)} />}
        <List<WeeklySummaryDto>
          loading={history.isLoading}
          dataSource={history.data ?? []}
          rowKey="id"
          locale={{ emptyText: t('history_empty') }}
          renderItem={(s) => (
            <List.Item
              data-testid="weekly-history"
              actions={[
                <Button key="open" type="link" size="small" onClick={() => setWeek(s.week)}>
                  {t('open')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={t('week_range', { from: s.week, to: sundayOf(s.week) })}
                description={
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {s.done || t('none')}
                  </Typography.Paragraph>
                }
              />
              <Typography.Text type="secondary">{formatDateTime(s.updated_at, lng, timeZone)}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
