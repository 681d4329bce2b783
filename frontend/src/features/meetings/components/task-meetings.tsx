import { EnvironmentOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { meetingPath } from '@/config/paths';
import { useTaskMeetings } from '@/features/meetings/api/list-task-meetings';
import type { MeetingDto } from '@/features/meetings/api/types';
import { MeetingFormModal } from '@/features/meetings/components/meeting-form-modal';
import { formatMeetingTime } from '@/features/meetings/components/meeting-time';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';

function MeetingItem({ meeting }: { meeting: MeetingDto }) {
  const { t, i18n } = useTranslation(['meetings', 'common']);
  const { data: me } = useCurrentUser();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const cancelled = meeting.status === 'cancelled';
  return (
    <List.Item data-testid="meeting-item">
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap>
          <Link to={meetingPath(meeting.id)} style={cancelled ? { textDecoration: 'line-through' } : undefined}>
            <Typography.Text strong>{meeting.title}</Typography.Text>
          </Link>
          {cancelled && <Tag color="default">{t('list.cancelled')}</Tag>}
          {meeting.minutes_at && <Tag color="blue">{t('list.minutes_written')}</Tag>}
        </Space>
        <Typography.Text type="secondary">
          {formatMeetingTime(meeting.starts_at, meeting.ends_at, lng, me?.time_zone)}
        </Typography.Text>
        {(meeting.location || meeting.online_url) && (
          <Space wrap size="middle">
            {meeting.location && (
              <span>
                <EnvironmentOutlined /> {meeting.location}
              </span>
            )}
            {meeting.online_url && (
              <a href={meeting.online_url} target="_blank" rel="noopener noreferrer">
                <LinkOutlined /> {t('list.online')}
              </a>
            )}
          </Space>
        )}
        <Typography.Text type="secondary">
          {t('list.organizer', { name: meeting.organizer.name })}
          {'　'}
          {t('list.participants', { names: meeting.participants.map((p) => p.name).join(t('common:list_sep')) })}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/** The 会议 tab of a task: its meetings, soonest first, and 发起会议. */
export function TaskMeetings({ taskId }: { taskId: string }) {
  const { t } = useTranslation('meetings');
  const { message } = useErrorMessage();
  const meetings = useTaskMeetings(taskId);
  const [scheduling, setScheduling] = useState(false);
  return (
    <div data-testid="task-meetings">
      <Flex justify="end" style={{ marginBottom: 8 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)}>
          {t('list.schedule')}
        </Button>
      </Flex>
      {meetings.error && <Alert type="error" showIcon message={message(meetings.error)} />}
      <List
        loading={meetings.isLoading}
        dataSource={meetings.data ?? []}
        locale={{ emptyText: <Empty description={t('list.empty')} /> }}
        renderItem={(m) => <MeetingItem key={m.id} meeting={m} />}
      />
      <MeetingFormModal taskId={taskId} open={scheduling} onClose={() => setScheduling(false)} />
    </div>
  );
}
