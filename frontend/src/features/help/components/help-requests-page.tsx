import { Alert, Button, Card, Descriptions, List, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { taskPath } from '@/config/paths';
import { useHelpRequests, type HelpBox } from '@/features/help/api/list-help-requests';
import type { HelpRequestDto } from '@/features/help/api/types';
import { AnswerForm } from '@/features/help/components/answer-form';
import { HelpRequestButton } from '@/features/help/components/help-request-button';
import { HelpStatusTag } from '@/features/help/components/help-request-status';
import { useErrorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/format';

function HelpRequestItem({ h, box, timeZone }: { h: HelpRequestDto; box: HelpBox; timeZone?: string }) {
  const { t, i18n } = useTranslation(['help', 'common']);
  const [answering, setAnswering] = useState(false);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const at = (iso: string | null) => formatDateTime(iso, lng, timeZone);
  const canAnswer = box === 'received' && h.answer === null;

  return (
    <List.Item data-testid="help-request">
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <HelpStatusTag status={h.status} />
          <Link to={taskPath(h.task_id)}>{h.task_title}</Link>
          <Typography.Text type="secondary">{at(h.created_at)}</Typography.Text>
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'requester', label: t('fields.requester'), children: h.requester.name },
            { key: 'department', label: t('fields.department'), children: h.department_name },
            { key: 'assignee', label: t('fields.assignee'), children: h.assignee.name },
          ]}
        />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          <Typography.Text strong>{t('fields.what')}：</Typography.Text>
          {h.what}
        </Typography.Paragraph>
        {h.status === 'open' && h.escalates_at && (
          <Typography.Text type="warning">{t('escalates', { at: at(h.escalates_at) })}</Typography.Text>
        )}
        {h.status === 'open' && h.calendar_fallback_years.length > 0 && (
          <Typography.Text type="secondary" data-testid="help-calendar-fallback">
            {t('calendar_fallback', { years: h.calendar_fallback_years.join(t('common:list_sep')) })}
          </Typography.Text>
        )}
        {h.escalated_at && (
          <Typography.Text type="danger">
            {t('escalated', { name: h.escalated_to?.name ?? t('common:empty'), at: at(h.escalated_at) })}
          </Typography.Text>
        )}
        {h.answer !== null && (
          <Alert
            type="success"
            message={t('answered_by', {
              name: h.answered_by?.name ?? t('common:empty'),
              at: at(h.answered_at),
            })}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{h.answer}</span>}
          />
        )}
        {canAnswer &&
          (answering ? (
            <AnswerForm id={h.id} onDone={() => setAnswering(false)} />
          ) : (
            <div>
              <Button type="primary" size="small" onClick={() => setAnswering(true)}>
                {t('answer.button')}
              </Button>
            </div>
          ))}
      </Space>
    </List.Item>
  );
}

function HelpBoxList({ box, timeZone }: { box: HelpBox; timeZone?: string }) {
  const { t } = useTranslation('help');
  const { message } = useErrorMessage();
  const list = useHelpRequests(box);
  if (list.error) return <Alert type="error" showIcon message={message(list.error)} />;
  return (
    <List<HelpRequestDto>
      loading={list.isLoading}
      dataSource={list.data ?? []}
      locale={{ emptyText: t(`empty.${box}`) }}
      rowKey="id"
      renderItem={(h) => <HelpRequestItem h={h} box={box} timeZone={timeZone} />}
    />
  );
}

/** 求助: the help requests I sent and those asked of me (or escalated to me). */
export function HelpRequestsPage({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation('help');
  const [box, setBox] = useState<HelpBox>('sent');
  return (
    <Card title={t('title')} extra={<HelpRequestButton primary />}>
      <Typography.Paragraph type="secondary">{t('description')}</Typography.Paragraph>
      <Tabs
        activeKey={box}
        onChange={(k) => setBox(k as HelpBox)}
        items={[
          { key: 'sent', label: t('tabs.sent'), children: <HelpBoxList box="sent" timeZone={timeZone} /> },
          { key: 'received', label: t('tabs.received'), children: <HelpBoxList box="received" timeZone={timeZone} /> },
        ]}
      />
    </Card>
  );
}
