import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Empty, Form, Input, Row, Space, Table, Tooltip, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { UserPicker } from '@/components/ui/user-picker';
import { taskPath } from '@/config/paths';
import { useCreateActionItemSubtask } from '@/features/meetings/api/create-action-item-subtask';
import { useSaveMinutes } from '@/features/meetings/api/save-minutes';
import type { ActionItemDto, MeetingDto } from '@/features/meetings/api/types';
import { asApiError } from '@/lib/api/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { dayOf, endOfDayUtc } from '@/lib/date';
import { useErrorMessage } from '@/lib/error-message';
import { formatDate, formatDateTime } from '@/lib/format';

type ItemValues = { id?: string; title?: string; owner_id?: string; due_at?: Dayjs };
type Values = { discussion?: string; decisions?: string; action_items?: ItemValues[] };
// A field path as the server names it (action_items[0].due_at), parsed at run time.
type FieldPath = Parameters<FormInstance<Values>['setFields']>[0][number]['name'];

function valuesOf(m: MeetingDto, tz?: string | null): Values {
  return {
    discussion: m.discussion,
    decisions: m.decisions,
    action_items: m.action_items.map((i) => ({ id: i.id, title: i.title, owner_id: i.owner.id, due_at: dayOf(i.due_at, tz) })),
  };
}

function SubtaskLink({ subtaskId }: { subtaskId: string }) {
  const { t } = useTranslation('meetings');
  return (
    <Link to={taskPath(subtaskId)} data-testid="subtask-link">
      {t('minutes.subtask_link')}
    </Link>
  );
}

/** 转为子任务 for one saved action item; a link to the subtask once it is one. */
function ToSubtask({ meeting, item, onConverted }: { meeting: MeetingDto; item: ActionItemDto; onConverted: (m: MeetingDto) => void }) {
  const { t } = useTranslation('meetings');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const convert = useCreateActionItemSubtask();
  // On 409 the server names the subtask the item already is.
  const [existing, setExisting] = useState<string | null>(null);
  const subtaskId = item.subtask_id ?? existing;
  if (subtaskId) return <SubtaskLink subtaskId={subtaskId} />;
  return (
    <Button
      size="small"
      loading={convert.isPending}
      onClick={() =>
        convert.mutate(
          { meetingId: meeting.id, itemId: item.id },
          {
            onSuccess: (res) => {
              notify.success(t('minutes.subtask_created'));
              onConverted(res.meeting);
            },
            onError: (err) => {
              const e = asApiError(err);
              if (e.status === 409) {
                setExisting(e.allowed[0] ?? null);
                notify.info(t('errors.already_subtask'));
              } else {
                notify.error(message(e));
              }
            },
          },
        )
      }
    >
      {t('minutes.to_subtask')}
    </Button>
  );
}

/**
 * 会议纪要: 讨论内容, 决议 and 行动项 (title, owner, due date), saved with If-Match on the
 * version the form was loaded from, so someone else's save in between is a 412, not lost.
 */
export function MinutesEditor({ meeting }: { meeting: MeetingDto }) {
  const { t } = useTranslation(['meetings', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const { message, fieldMessage } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const [form] = Form.useForm<Values>();
  const [baseVersion, setBaseVersion] = useState(meeting.version);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const save = useSaveMinutes();
  const watched = Form.useWatch('action_items', form);
  const saved = new Map(meeting.action_items.map((i) => [i.id, i]));
  const required = { required: true, message: t('errors:field.required') };
  const knownPeople = [...meeting.participants, ...meeting.action_items.map((i) => i.owner)];

  const loadLatest = () => {
    form.resetFields();
    form.setFieldsValue(valuesOf(meeting, tz));
    setBaseVersion(meeting.version);
    setConflict(false);
    setError(null);
  };

  const submit = (v: Values) => {
    setError(null);
    setConflict(false);
    save.mutate(
      {
        id: meeting.id,
        version: baseVersion,
        body: {
          discussion: v.discussion ?? '',
          decisions: v.decisions ?? '',
          action_items: (v.action_items ?? []).map((i) => ({
            ...(i.id ? { id: i.id } : {}),
            title: (i.title ?? '').trim(),
            owner_id: i.owner_id ?? '',
            due_at: i.due_at ? endOfDayUtc(i.due_at, tz) : '',
          })),
        },
      },
      {
        onSuccess: (m) => {
          notify.success(t('minutes.saved'));
          // New items now have ids (and can become subtasks).
          form.setFieldsValue(valuesOf(m, tz));
          setBaseVersion(m.version);
        },
        onError: (err) => {
          const e = asApiError(err);
          if (e.code === 'version_mismatch') {
            setConflict(true);
            return;
          }
          // action_items[0].due_at → the form's ['action_items', 0, 'due_at']; the list itself has no input.
          const onForm = Object.entries(e.fields).filter(([name]) => name !== 'action_items');
          form.setFields(
            onForm.map(([name, codes]) => ({
              name: name
                .split(/[.[\]]+/)
                .filter(Boolean)
                .map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as FieldPath,
              errors: codes.map(fieldMessage),
            })),
          );
          const rest = (e.fields['action_items'] ?? []).map((c) => `${t('minutes.action_items')}: ${fieldMessage(c)}`);
          setError([message(e), ...rest].join(' '));
        },
      },
    );
  };

  return (
    <Form
      form={form}
      name="minutes"
      layout="vertical"
      initialValues={valuesOf(meeting, tz)}
      onFinish={submit}
      data-testid="minutes-editor"
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          message={t('errors.minutes_conflict')}
          action={<Button size="small" onClick={loadLatest}>{t('minutes.load_latest')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form.Item name="discussion" label={t('minutes.discussion')}>
        <Input.TextArea rows={5} maxLength={20000} />
      </Form.Item>
      <Form.Item name="decisions" label={t('minutes.decisions')}>
        <Input.TextArea rows={3} maxLength={20000} />
      </Form.Item>
      <Typography.Text strong>{t('minutes.action_items')}</Typography.Text>
      <Form.List name="action_items">
        {(fields, { add, remove }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map(({ key, name }) => {
              const id = watched?.[name]?.id;
              const item = id ? saved.get(id) : undefined;
              const locked = !!item?.subtask_id;
              return (
                <Row key={key} gutter={8} align="top" data-testid="action-item-row">
                  <Form.Item name={[name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Col xs={24} md={9}>
                    <Form.Item name={[name, 'title']} rules={[{ ...required, whitespace: true }]}>
                      <Input maxLength={200} placeholder={t('minutes.item_title')} aria-label={t('minutes.item_title')} disabled={locked} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name={[name, 'owner_id']} rules={[required]}>
                      <UserPicker placeholder={t('minutes.owner')} aria-label={t('minutes.owner')} known={knownPeople} disabled={locked} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[name, 'due_at']} rules={[required]}>
                      <DatePicker style={{ width: '100%' }} placeholder={t('minutes.due_at')} aria-label={t('minutes.due_at')} disabled={locked} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Space style={{ paddingTop: 4 }}>
                      {item ? (
                        <ToSubtask
                          meeting={meeting}
                          item={item}
                          onConverted={(m) => {
                            // Our own change: the form (which did not change) follows the new version.
                            if (baseVersion === meeting.version) setBaseVersion(m.version);
                          }}
                        />
                      ) : (
                        <Typography.Text type="secondary">{t('minutes.save_first')}</Typography.Text>
                      )}
                      {!locked && (
                        <Tooltip title={t('minutes.remove_item')}>
                          <Button
                            type="text"
                            size="small"
                            icon={<DeleteOutlined />}
                            aria-label={t('minutes.remove_item')}
                            onClick={() => remove(name)}
                          />
                        </Tooltip>
                      )}
                    </Space>
                  </Col>
                </Row>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
              {t('minutes.add_item')}
            </Button>
          </div>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }}>
        {t('minutes.save')}
      </Button>
    </Form>
  );
}

/** The minutes for people who may only read them. */
export function MinutesView({ meeting }: { meeting: MeetingDto }) {
  const { t, i18n } = useTranslation('meetings');
  const { data: me } = useCurrentUser();
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const tz = me?.time_zone;
  if (!meeting.minutes_at && meeting.action_items.length === 0) return <Empty description={t('minutes.empty')} />;
  const text = (s: string) =>
    s.trim() ? (
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s}</Typography.Paragraph>
    ) : (
      <Typography.Paragraph type="secondary">{t('detail.none')}</Typography.Paragraph>
    );
  return (
    <div data-testid="minutes-view">
      <Typography.Text strong>{t('minutes.discussion')}</Typography.Text>
      {text(meeting.discussion)}
      <Typography.Text strong>{t('minutes.decisions')}</Typography.Text>
      {text(meeting.decisions)}
      <Typography.Text strong>{t('minutes.action_items')}</Typography.Text>
      <Table<ActionItemDto>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={meeting.action_items}
        locale={{ emptyText: t('minutes.no_items') }}
        columns={[
          { key: 'title', title: t('minutes.item_title'), dataIndex: 'title' },
          { key: 'owner', title: t('minutes.owner'), render: (_, i) => i.owner.name },
          { key: 'due', title: t('minutes.due_at'), render: (_, i) => formatDate(i.due_at, lng, tz) },
          { key: 'subtask', title: '', render: (_, i) => (i.subtask_id ? <SubtaskLink subtaskId={i.subtask_id} /> : null) },
        ]}
      />
      {meeting.minutes_by && meeting.minutes_at && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('minutes.written_by', { name: meeting.minutes_by.name, time: formatDateTime(meeting.minutes_at, lng, tz) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
