import { Alert, Badge, Calendar, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyMeetings } from '@/features/meetings/api/my-meetings';
import type { MeetingDto } from '@/features/meetings/api/types';
import { CalendarFeedCard } from '@/features/meetings/components/calendar-feed-card';
import { formatMeetingTime } from '@/features/meetings/components/meeting-time';
import { meetingPath } from '@/config/paths';
import { dateTimeOf, dayOf, nowIn, startOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';

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

/**
 * 日程: my meetings in a month calendar (in my time zone), the ones of the next 30 days as a
 * list, and the private calendar feed that puts them into Outlook, DingTalk, Feishu or a phone.
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

  const byDay = useMemo(() => {
    const out = new Map<string, MeetingDto[]>();
    for (const m of inMonth.data ?? []) {
      const key = dayOf(m.starts_at, timeZone).format('YYYY-MM-DD');
      out.set(key, [...(out.get(key) ?? []), m]);
    }
    return out;
  }, [inMonth.data, timeZone]);

  const cell = (date: Dayjs) => {
    const items = byDay.get(date.format('YYYY-MM-DD'));
    if (!items) return null;
    return (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('agenda.day', { day: date.format('YYYY-MM-DD') })}>
        {items.map((m) => (
          <li key={m.id} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            <Badge status={m.status === 'cancelled' ? 'default' : 'processing'} /> {dateTimeOf(m.starts_at, timeZone).format('HH:mm')}{' '}
            <MeetingTitle m={m} />
          </li>
        ))}
      </ul>
    );
  };

  const error = inMonth.error ?? upcoming.error;
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
        </Col>
      </Row>
      <CalendarFeedCard timeZone={timeZone} />
    </Space>
  );
}
