import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { UserPicker } from '@/components/ui/user-picker';
import { meetingPath } from '@/config/paths';
import { useCreateMeeting } from '@/features/meetings/api/create-meeting';
import { useMeetingDraft } from '@/features/meetings/api/get-meeting-draft';
import type { MeetingDto, UpdateMeetingRequest } from '@/features/meetings/api/types';
import { useUpdateMeeting } from '@/features/meetings/api/update-meeting';
import { useMeetingFormError } from '@/features/meetings/components/use-meeting-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { dateTimeOf, nowIn, zonedDateTimeUtc } from '@/lib/date';

type Values = {
  title: string;
  starts_at: Dayjs;
  duration_minutes: number;
  participant_ids?: string[];
  location?: string;
  online_url?: string;
  agenda?: string;
};

const DEFAULT_DURATION = 30;

type Props = { open: boolean; onClose: () => void } & (
  | { taskId: string; meeting?: undefined }
  | { taskId?: undefined; meeting: MeetingDto }
);

/**
 * 发起会议 (with `taskId`: prefilled from the task's meeting draft) or 修改 (with `meeting`,
 * sent with If-Match). Times are picked as wall-clock time in the user's time zone.
 */
export function MeetingFormModal({ open, onClose, taskId, meeting }: Props) {
  const { t } = useTranslation(['meetings', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const formError = useMeetingFormError();
  const create = useCreateMeeting();
  const update = useUpdateMeeting();
  const isEdit = meeting !== undefined;
  const draft = useMeetingDraft(taskId ?? '', open && !isEdit && !!taskId);
  const required = { required: true, message: t('errors:field.required') };

  const reset = useEffectEvent(() => {
    setError(null);
    form.resetFields();
    if (meeting) {
      form.setFieldsValue({
        title: meeting.title,
        starts_at: dateTimeOf(meeting.starts_at, tz),
        duration_minutes: meeting.duration_minutes,
        participant_ids: meeting.participants.filter((p) => p.id !== meeting.organizer.id).map((p) => p.id),
        location: meeting.location,
        online_url: meeting.online_url,
        agenda: meeting.agenda,
      });
    } else {
      // Tomorrow 10:00 where the user is: a sensible first guess, easy to change.
      form.setFieldsValue({
        starts_at: nowIn(tz).add(1, 'day').hour(10).minute(0).second(0),
        duration_minutes: DEFAULT_DURATION,
      });
    }
  });
  // Reset each time the modal opens.
  useEffect(() => {
    if (open) reset();
  }, [open]);

  // The draft arrives after the form opened: fill what the user has not typed yet.
  useEffect(() => {
    if (!open || isEdit || !draft.data) return;
    if (!form.getFieldValue('title')) form.setFieldValue('title', draft.data.title);
    if (!form.getFieldValue('agenda')) form.setFieldValue('agenda', draft.data.agenda);
  }, [form, open, isEdit, draft.data]);

  const onError = (err: unknown) => setError(formError(form, err));

  const submit = (v: Values) => {
    setError(null);
    const body = {
      title: v.title.trim(),
      starts_at: zonedDateTimeUtc(v.starts_at, tz),
      duration_minutes: v.duration_minutes,
      participant_ids: v.participant_ids ?? [],
      location: v.location?.trim() ?? '',
      online_url: v.online_url?.trim() ?? '',
      agenda: v.agenda ?? '',
    };
    if (meeting) {
      // Only what changed: every change participants must see raises the invitation's SEQUENCE.
      const before = {
        title: meeting.title,
        starts_at: meeting.starts_at,
        duration_minutes: meeting.duration_minutes,
        location: meeting.location,
        online_url: meeting.online_url,
        agenda: meeting.agenda,
      };
      const changes: UpdateMeetingRequest = {};
      for (const key of Object.keys(before) as (keyof typeof before)[]) {
        if (body[key] !== before[key] && !(key === 'starts_at' && Date.parse(body[key]) === Date.parse(before[key]))) {
          Object.assign(changes, { [key]: body[key] });
        }
      }
      const oldIds = meeting.participants.filter((p) => p.id !== meeting.organizer.id).map((p) => p.id);
      if ([...oldIds].sort().join() !== [...body.participant_ids].sort().join()) {
        changes.participant_ids = body.participant_ids;
      }
      if (Object.keys(changes).length === 0) {
        onClose();
        return;
      }
      update.mutate(
        { id: meeting.id, version: meeting.version, body: changes },
        {
          onSuccess: () => {
            notify.success(t('form.updated'));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    if (!taskId) return;
    create.mutate(
      { taskId, body },
      {
        onSuccess: (created) => {
          notify.success(t('form.created'));
          onClose();
          void navigate(meetingPath(created.id));
        },
        onError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t(isEdit ? 'form.edit_title' : 'form.create_title')}
      okText={isEdit ? t('common:actions.save') : t('form.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="meeting-form-error" />}
      {!isEdit && draft.isLoading && (
        <Spin size="small" style={{ marginBottom: 12 }}>
          <span style={{ paddingLeft: 24 }}>{t('form.draft_loading')}</span>
        </Spin>
      )}
      <Form form={form} name="meeting" layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('fields.title')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="starts_at" label={t('fields.starts_at')} rules={[required]}>
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="duration_minutes" label={t('fields.duration_minutes')} rules={[required]}>
              <InputNumber min={5} max={1440} step={15} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="participant_ids" label={t('fields.participant_ids')} extra={t('form.participants_help')}>
          <UserPicker mode="multiple" known={meeting?.participants} />
        </Form.Item>
        <Form.Item name="location" label={t('fields.location')} extra={t('form.place_help')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="online_url"
          label={t('fields.online_url')}
          rules={[{ pattern: /^\s*(https?:\/\/\S+)?\s*$/, message: t('errors:field.url') }]}
        >
          <Input maxLength={500} placeholder={t('form.online_url_placeholder')} />
        </Form.Item>
        <Form.Item name="agenda" label={t('fields.agenda')} extra={isEdit ? undefined : t('form.agenda_help')}>
          <Input.TextArea rows={8} maxLength={10000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
