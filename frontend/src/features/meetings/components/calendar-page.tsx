import { FlagOutlined } from '@ant-design/icons';
import { Alert, Badge, Calendar, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyDeadlines, type AgendaItemDto } from '@/features/meetings/api/my-deadlines';
import { useMyMeetings } from '@/features/meetings/api/my-meetings';
import type { MeetingDto } from '@/features/meetings/api/types';
import { CalendarFeedCard } from '@/features/meetings/components/calendar-feed-card';
import { formatMeetingTime } from '@/features/meetings/components/meeting-time';
import { meetingPath, taskPath } from '@/config/paths';
import { dateTimeOf, dayOf, nowIn, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

/**
 * What a month view shows, from 00:00 in the user's time zone: the month with a week before and
 * two after (the grid's spill-over).
 */
function monthWindow(month: Dayjs, timeZone?: string) {
  return {
    from: startOfDayUtc(month.startOf('month').subtract(7, 'day'), timeZone),
    to: startOfDayUtc(month.endOf('month').add(15, 'day'), timeZone),
  };
}

function MeetingTitle({ m }: { m: MeetingDto }) {
  const cancelled = m.status === 'cancelled';
  return (
    <Link to={meetingPath(m.id)} style={cancelled ? { textDecoration: 'line-through' } : undefined}>
      {m.title}
    </Link>
  );
}

/** Items by their day (`YYYY-MM-DD`) in the time zone, in their order. */
function groupByDay<T>(items: T[], at: (item: T) => string, timeZone?: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = dayOf(at(item), timeZone).format('YYYY-MM-DD');
    out.set(key, [...(out.get(key) ?? []), item]);
  }
  return out;
}

/** A line of a day's cell: one line, cut with an ellipsis, the whole text on hover. */
const CELL_LINE = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const;

/** A deadline (flag) or milestone (diamond) of one of my tasks, linking to the task. */
function DueTitle({ d }: { d: AgendaItemDto }) {
  const { t } = useTranslation('meetings');
  const text =
    d.kind === 'milestone'
      ? t('agenda.milestone', { name: d.milestone ?? '', title: d.task_title })
      : t('agenda.deadline', { title: d.task_title });
  return (
    <Link to={taskPath(d.task_id)} title={text} style={d.overdue ? { color: 'var(--ant-color-error, #ff4d4f)' } : undefined}>
      {d.kind === 'milestone' ? <span aria-hidden>◆</span> : <FlagOutlined aria-hidden />} {text}
    </Link>
  );
}

/**
 * 日程: my meetings and the deadlines and milestones of my tasks in a month calendar (in my time
 * zone), those of the next 30 days as lists, and the private calendar feed that puts them into Outlook, DingTalk, Feishu or a phone.
 */
export function CalendarPage({ timeZone }: { timeZone?: string }) {
  const { t, i18n } = useTranslation(['meetings', 'common']);
  const { message } = useErrorMessage();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const [month, setMonth] = useState(() => nowIn(timeZone));
  const shown = useMemo(() => monthWindow(month, timeZone), [month, timeZone]);
  const [coming] = useState(() => {
    const now = Date.now();
    return { from: new Date(now).toISOString(), to: new Date(now + 30 * 86_400_000).toISOString() };
  });
  const inMonth = useMyMeetings(shown);
  const upcoming = useMyMeetings(coming);
  const dueInMonth = useMyDeadlines(shown);
  const dueSoon = useMyDeadlines(coming);

  const byDay = useMemo(() => groupByDay(inMonth.data ?? [], (m) => m.starts_at, timeZone), [inMonth.data, timeZone]);
  const dueByDay = useMemo(() => groupByDay(dueInMonth.data ?? [], (d) => d.at, timeZone), [dueInMonth.data, timeZone]);

  const cell = (date: Dayjs) => {
    const key = date.format('YYYY-MM-DD');
    const items = byDay.get(key);
    const due = dueByDay.get(key);
    if (!items && !due) return null;
    return (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('agenda.day', { day: key })}>
        {(due ?? []).map((d) => (
          <li key={`${d.kind}-${d.task_id}-${d.at}-${d.milestone ?? ''}`} style={CELL_LINE}>
            <DueTitle d={d} />
          </li>
        ))}
        {(items ?? []).map((m) => (
          <li key={m.id} style={CELL_LINE} title={m.title}>
            <Badge status={m.status === 'cancelled' ? 'default' : 'processing'} /> {dateTimeOf(m.starts_at, timeZone).format('HH:mm')}{' '}
            <MeetingTitle m={m} />
          </li>
        ))}
      </ul>
    );
  };

  const error = inMonth.error ?? upcoming.error ?? dueInMonth.error ?? dueSoon.error;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon message={message(error)} />}
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={16}>
          <Card title={t('agenda.title')} loading={inMonth.isLoading}>
            <Calendar
              value={month}
              onPanelChange={(d) => setMonth(d)}
              onSelect={(d) => setMonth(d)}
              cellRender={(d, info) => (info.type === 'date' ? cell(d) : info.originNode)}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('agenda.upcoming')} loading={upcoming.isLoading}>
            {(upcoming.data ?? []).length === 0 ? (
              <Empty description={t('agenda.none_upcoming')} />
            ) : (
              <List<MeetingDto>
                dataSource={upcoming.data}
                renderItem={(m) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space size="small" wrap>
                          <MeetingTitle m={m} />
                          {m.status === 'cancelled' && <Tag>{t('agenda.cancelled')}</Tag>}
                        </Space>
                      }
                      description={
                        <Space direction="vertical" size={0}>
                          <Typography.Text>{formatMeetingTime(m.starts_at, m.ends_at, lng, timeZone)}</Typography.Text>
                          <Typography.Text type="secondary">
                            {t('agenda.task', { title: m.task_title })}
                            {m.location ? ` · ${m.location}` : ''}
                          </Typography.Text>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card title={t('agenda.due_soon')} loading={dueSoon.isLoading} style={{ marginTop: 24 }}>
            {(dueSoon.data ?? []).length === 0 ? (
              <Empty description={t('agenda.none_due')} />
            ) : (
              <List<AgendaItemDto>
                dataSource={dueSoon.data}
                renderItem={(d) => (
                  <List.Item data-testid="agenda-due">
                    <List.Item.Meta
                      title={<DueTitle d={d} />}
                      description={
                        <Space size="small" wrap>
                          <Typography.Text>{formatDateTime(d.at, lng, timeZone)}</Typography.Text>
                          {d.overdue && <Tag color="error">{t('agenda.overdue')}</Tag>}
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <CalendarFeedCard timeZone={timeZone} />
    </Space>
  );
}
