import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, List, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { QueryFallback } from '@/components/ui/query-fallback';
import { paths, taskPath } from '@/config/paths';
import { useDownloadCaseFile } from '@/features/cases/api/download-case-file';
import { useCase } from '@/features/cases/api/get-case';
import type { CaseDto, CaseFileDto, TimelineEntryDto } from '@/features/cases/api/types';
import { CaseTags, OutcomeTag, useQuarterLabel } from '@/features/cases/components/labels';
import { ReopenCaseModal } from '@/features/cases/components/reopen-case-modal';
import { ReuseCaseModal } from '@/features/cases/components/reuse-case-modal';
import { NoSummary, SummaryView } from '@/features/cases/components/summary-view';
import { TagEditor } from '@/features/cases/components/tag-editor';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { formatBytes, formatDate, formatDateTime, formatNumber } from '@/lib/format';

const TIMELINE_COLORS: Record<TimelineEntryDto['kind'], string> = {
  started: 'blue',
  milestone: 'purple',
  subtask: 'green',
  handoff: 'gray',
  completed: 'green',
};

function CaseTimeline({ entries, timeZone }: { entries: TimelineEntryDto[]; timeZone?: string }) {
  const { t, i18n } = useTranslation('cases');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  if (entries.length === 0) return <Empty description={t('case.no_timeline')} />;
  const detail = (e: TimelineEntryDto) => {
    if (!e.detail) return null;
    const hours = Number(e.detail);
    return e.kind === 'handoff' && Number.isFinite(hours)
      ? t('timeline.wait', { hours: formatNumber(Math.round(hours * 10) / 10, lng) })
      : e.detail;
  };
  return (
    <Timeline
      style={{ marginTop: 8 }}
      data-testid="case-timeline"
      items={entries.map((e, i) => ({
        key: `${e.kind}-${i}`,
        color: e.on_time === false ? 'red' : TIMELINE_COLORS[e.kind],
        children: (
          <Space direction="vertical" size={0}>
            <Space size={6} wrap>
              <Tag bordered={false}>{t(`timeline.${e.kind}`)}</Tag>
              <Typography.Text strong>{e.title}</Typography.Text>
              {detail(e) && <Typography.Text type="secondary">{detail(e)}</Typography.Text>}
              {e.on_time !== null && (
                <Tag color={e.on_time ? 'success' : 'error'}>{e.on_time ? t('timeline.on_time') : t('timeline.late')}</Tag>
              )}
            </Space>
            <Typography.Text type="secondary">
              {formatDate(e.at, lng, timeZone)}
              {e.planned && e.planned.slice(0, 10) !== e.at.slice(0, 10)
                ? ` · ${t('timeline.planned', { date: formatDate(e.planned, lng, timeZone) })}`
                : ''}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}

function CaseFiles({ files }: { files: CaseFileDto[] }) {
  const { t, i18n } = useTranslation(['cases', 'files']);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const download = useDownloadCaseFile();
  return (
    <Table<CaseFileDto>
      size="small"
      rowKey={(f) => f.file.id}
      dataSource={files}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('case.no_files') }}
      data-testid="case-files"
      columns={[
        {
          key: 'name',
          title: t('case.file_name'),
          render: (_, { file }) => (
            <Space direction="vertical" size={0}>
              <Button
                type="link"
                style={{ padding: 0, height: 'auto' }}
                href={file.download_url}
                onClick={(e) => {
                  // The link needs the bearer token: download through the API client.
                  e.preventDefault();
                  download.mutate(file, {
                    onError: (err) => void notify.error(t('case.download_failed', { error: message(err) })),
                  });
                }}
              >
                {file.name}
              </Button>
              {file.description && <Typography.Text type="secondary">{file.description}</Typography.Text>}
            </Space>
          ),
        },
        { key: 'task', title: t('case.file_task'), render: (_, f) => f.task_title },
        {
          key: 'version',
          title: t('case.file_version'),
          render: (_, { file }) => (
            <Typography.Text type="secondary">
              {t('case.version', { number: file.current_version.number })} · {formatBytes(file.current_version.size_bytes, lng)}
            </Typography.Text>
          ),
        },
        { key: 'access', title: t('case.file_access'), render: (_, { file }) => <Tag>{t(`files:access.level.${file.access.level}`)}</Tag> },
      ]}
    />
  );
}

function PinnedComments({ kase, timeZone }: { kase: CaseDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('cases');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <List
      size="small"
      dataSource={kase.pinned_comments}
      locale={{ emptyText: t('case.no_pinned') }}
      data-testid="case-pinned"
      renderItem={(c) => (
        <List.Item>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space size={8} wrap>
              <Typography.Text strong>{c.author.name}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(c.created_at, lng, timeZone)}</Typography.Text>
            </Space>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.body}</Typography.Paragraph>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Decisions({ kase, timeZone }: { kase: CaseDto; timeZone?: string }) {
  const { t, i18n } = useTranslation('cases');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <List
      size="small"
      dataSource={kase.decisions}
      locale={{ emptyText: t('case.no_decisions') }}
      data-testid="case-decisions"
      renderItem={(d) => (
        <List.Item>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space size={8} wrap>
              <Typography.Text strong>{d.title}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(d.starts_at, lng, timeZone)}</Typography.Text>
            </Space>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.decisions}</Typography.Paragraph>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * A case's page: what the task was and how it ended, its 协作总结 and figures, its timeline, the
 * latest versions of its files, pinned comments and meeting decisions; 以此为模板新建 starts the
 * next similar task from it.
 */
export function CasePage({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation(['cases', 'tasks', 'common']);
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  const { data: me } = useCurrentUser();
  const tz = me?.time_zone;
  const query = useCase(caseId);
  const quarter = useQuarterLabel();
  const [reusing, setReusing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const navigate = useNavigate();

  if (query.error || !query.data) return <QueryFallback query={query} />;
  const kase = query.data;
  const task = kase.task;
  const empty = t('common:empty');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="case-page">
      <Card>
        <Flex justify="space-between" align="start" gap={16} wrap>
          <Space direction="vertical" size={8} style={{ minWidth: 0 }}>
            <Link to={paths.cases}>← {t('case.back')}</Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {task.title}
            </Typography.Title>
            <Space size={4} wrap>
              <Tag color={task.scenario === 'emergency' ? 'volcano' : 'geekblue'}>{t(`tasks:scenario.${task.scenario}`)}</Tag>
              <OutcomeTag outcome={kase.outcome} daysLate={kase.summary?.figures.days_late} />
            </Space>
          </Space>
          <Space wrap>
            <Button type="primary" icon={<CopyOutlined />} onClick={() => setReusing(true)}>
              {t('reuse.button')}
            </Button>
            <Link to={taskPath(task.id)}>
              <Button>{t('case.view_task')}</Button>
            </Link>
            {kase.can_reopen && (
              <Button danger onClick={() => setReopening(true)}>
                {t('reopen.button')}
              </Button>
            )}
          </Space>
        </Flex>
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'owner', label: t('case.owner'), children: task.owner.name },
            { key: 'initiating', label: t('case.initiating'), children: task.initiating_department?.name ?? empty },
            { key: 'departments', label: t('case.departments'), children: task.departments.map((d) => d.name).join(t('common:list_sep')) || empty },
            { key: 'quarter', label: t('case.quarter'), children: quarter(kase.quarter) },
            { key: 'completed', label: t('case.completed_at'), children: formatDate(task.completed_at, lng, tz) || empty },
            { key: 'goal', label: t('case.goal'), span: 'filled', children: task.goal || empty },
          ]}
        />
        <div style={{ marginTop: 12 }}>
          {kase.can_tag ? (
            <TagEditor key={kase.tags.join('\u0000')} taskId={task.id} tags={kase.tags} />
          ) : (
            <CaseTags tags={kase.tags} />
          )}
        </div>
      </Card>
      {kase.summary ? <SummaryView summary={kase.summary} timeZone={tz} /> : <Card><NoSummary /></Card>}
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={10}>
          <Card title={t('case.timeline')} style={{ height: '100%' }}>
            <CaseTimeline entries={kase.timeline} timeZone={tz} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <Card title={t('case.files')}>
              <CaseFiles files={kase.files} />
            </Card>
            <Card title={t('case.pinned')}>
              <PinnedComments kase={kase} timeZone={tz} />
            </Card>
            <Card title={t('case.decisions')}>
              <Decisions kase={kase} timeZone={tz} />
            </Card>
          </Space>
        </Col>
      </Row>
      <ReuseCaseModal kase={kase} open={reusing} onClose={() => setReusing(false)} timeZone={tz} />
      {kase.can_reopen && (
        // Out of the library it is a task again: go to its page.
        <ReopenCaseModal
          taskId={task.id}
          open={reopening}
          onClose={() => setReopening(false)}
          onDone={() => void navigate(taskPath(task.id))}
        />
      )}
    </Space>
  );
}
