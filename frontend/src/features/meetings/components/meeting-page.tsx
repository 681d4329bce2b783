import { CalendarOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { ExportButton } from '@/components/ui/export-button';
import { QueryFallback } from '@/components/ui/query-fallback';
import { taskPath } from '@/config/paths';
import { useCancelMeeting } from '@/features/meetings/api/cancel-meeting';
import { useDownloadInvite } from '@/features/meetings/api/download-invite';
import { useMeeting } from '@/features/meetings/api/get-meeting';
import type { MeetingDto } from '@/features/meetings/api/types';
import { MeetingFormModal } from '@/features/meetings/components/meeting-form-modal';
import { formatMeetingTime } from '@/features/meetings/components/meeting-time';
import { MinutesEditor, MinutesView } from '@/features/meetings/components/minutes-editor';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';

/** A file name for the invitation: the title without characters file systems refuse. */
function inviteFileName(m: MeetingDto): string {
  const base = m.title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim().slice(0, 80);
  return `${base || 'meeting'}.ics`;
}

function MeetingActions({ meeting }: { meeting: MeetingDto }) {
  const { t } = useTranslation(['meetings', 'common', 'exports']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const cancel = useCancelMeeting();
  const download = useDownloadInvite();
  const [editing, setEditing] = useState(false);
  const cancelled = meeting.status === 'cancelled';
  return (
    <Space wrap>
      <Button
        icon={<CalendarOutlined />}
        loading={download.isPending}
        onClick={() =>
          download.mutate(
            { id: meeting.id, fileName: inviteFileName(meeting) },
            { onError: (err) => void notify.error(message(err)) },
          )
        }
      >
        {t('detail.download')}
      </Button>
      <ExportButton
        request={{ kind: 'meeting_minutes', meeting_id: meeting.id }}
        label={t('exports:meeting_minutes')}
      />
      {meeting.can_edit && !cancelled && (
        <>
          <Button type="primary" onClick={() => setEditing(true)}>
            {t('detail.edit')}
          </Button>
          <AsyncPopconfirm
            title={t('detail.cancel_confirm')}
            description={t('detail.cancel_confirm_detail')}
            okText={t('common:actions.confirm')}
            cancelText={t('common:actions.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              cancel.mutateAsync(meeting.id).then(
                () => void notify.success(t('detail.cancelled')),
                (err: unknown) => void notify.error(message(err)),
              )
            }
          >
            <Button danger loading={cancel.isPending}>
              {t('detail.cancel')}
            </Button>
          </AsyncPopconfirm>
          <MeetingFormModal meeting={meeting} open={editing} onClose={() => setEditing(false)} />
        </>
      )}
    </Space>
  );
}

/** One meeting: when, where, who, the agenda, and its minutes (editable when `can_edit`). */
export function MeetingPage({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation(['meetings', 'common']);
  const { data: me } = useCurrentUser();
  const query = useMeeting(meetingId);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';

  if (query.error || !query.data) return <QueryFallback query={query} />;
  const m = query.data;
  const none = t('detail.none');
  const cancelled = m.status === 'cancelled';

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Flex justify="space-between" align="start" gap={16} wrap>
          <Space direction="vertical" size={8}>
            <Link to={taskPath(m.task_id)}>
              ← {t('detail.back')}：{m.task_title}
            </Link>
            <Space wrap>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {m.title}
              </Typography.Title>
              <Tag color={cancelled ? 'default' : 'green'}>{t(`status.${m.status}`)}</Tag>
            </Space>
          </Space>
          <MeetingActions meeting={m} />
        </Flex>
        {cancelled && <Alert type="warning" showIcon message={t('detail.cancelled_banner')} style={{ marginTop: 12 }} />}
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'time', label: t('fields.time'), children: formatMeetingTime(m.starts_at, m.ends_at, lng, me?.time_zone) },
            { key: 'duration', label: t('fields.duration_minutes'), children: t('detail.duration', { count: m.duration_minutes }) },
            { key: 'location', label: t('fields.location'), children: m.location || none },
            {
              key: 'online',
              label: t('fields.online_url'),
              children: m.online_url ? (
                <a href={m.online_url} target="_blank" rel="noopener noreferrer">
                  {m.online_url}
                </a>
              ) : (
                none
              ),
            },
            { key: 'organizer', label: t('fields.organizer'), children: m.organizer.name },
            { key: 'participants', label: t('fields.participants'), children: m.participants.map((p) => p.name).join(t('common:list_sep')) || none },
          ]}
        />
        <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
          {t('fields.agenda')}
        </Typography.Text>
        {m.agenda.trim() ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="meeting-agenda">
            {m.agenda}
          </Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">{none}</Typography.Text>
        )}
      </Card>
      <Card title={t('minutes.title')}>
        {m.can_edit ? (
          // A new meeting id is a new form; the same meeting keeps the user's unsaved text.
          <MinutesEditor key={m.id} meeting={m} />
        ) : (
          <>
            <Alert type="info" showIcon message={t('detail.read_only')} style={{ marginBottom: 16 }} />
            <MinutesView meeting={m} />
          </>
        )}
      </Card>
    </Space>
  );
}
