import { Alert, App, Button, Card, Flex, Space, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { casePath } from '@/config/paths';
import { useArchiveTask } from '@/features/cases/api/archive-task';
import { useCase } from '@/features/cases/api/get-case';
import { useTaskSummary } from '@/features/cases/api/task-summary';
import type { TaskDto } from '@/features/cases/api/types';
import { CaseTags } from '@/features/cases/components/labels';
import { ReopenCaseModal } from '@/features/cases/components/reopen-case-modal';
import { NoSummary, SummaryView } from '@/features/cases/components/summary-view';
import { TagEditor } from '@/features/cases/components/tag-editor';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useManagedDepartments } from '@/lib/auth/managed-departments';
import { useErrorMessage } from '@/lib/error-message';

/** Whether a task's page has a 协作总结 tab: a top-level task that is done or archived. */
export function hasSummarySection(task: Pick<TaskDto, 'parent_id' | 'status'>): boolean {
  return task.parent_id === null && (task.status === 'done' || task.status === 'archived');
}

/**
 * The 协作总结 tab of a done or archived top-level task: the summary and its figures, the tags,
 * and the case-library actions the caller may take (归档到案例库 for its owner or an
 * administrator; 移出案例库 for administrators).
 */
export function TaskSummarySection({ task }: { task: TaskDto }) {
  const { t } = useTranslation(['cases', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const { data: me } = useCurrentUser();
  const managed = useManagedDepartments();
  const archived = task.status === 'archived';
  const summary = useTaskSummary(task.id);
  // An archived task is a case: its page says its tags and what the caller may do with it.
  const kase = useCase(task.id, archived);
  const archive = useArchiveTask();
  const [reopening, setReopening] = useState(false);
  // Tags saved here since the summary was read (the summary says the task's tags).
  const [savedTags, setSavedTags] = useState<string[] | null>(null);

  const isAdmin = me?.role === 'admin';
  const isOwner = !!me && task.owner.id === me.id;
  const departmentIds = [task.initiating_department?.id, ...task.departments.map((d) => d.id)].filter(Boolean);
  const headsOne = (managed.departmentIds ?? []).some((id) => departmentIds.includes(id));
  const canTag = archived ? (kase.data?.can_tag ?? false) : isOwner || isAdmin || headsOne;
  const canReopen = archived && (kase.data?.can_reopen ?? isAdmin);
  const canArchive = task.status === 'done' && (isOwner || isAdmin);
  const tags = archived ? kase.data?.tags : (savedTags ?? summary.data?.tags ?? []);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="task-summary-section">
      <Alert
        type={archived ? 'info' : 'success'}
        showIcon
        message={archived ? t('archived_notice') : t('done_notice')}
        action={
          <Space wrap>
            {archived && <Link to={casePath(task.id)}>{t('view_case')}</Link>}
            {canArchive && (
              <AsyncPopconfirm
                title={t('archive.confirm_title')}
                description={<div style={{ maxWidth: 320 }}>{t('archive.confirm')}</div>}
                okText={t('common:actions.confirm')}
                cancelText={t('common:actions.cancel')}
                onConfirm={() =>
                  archive.mutateAsync(task.id).then(
                    () => void notify.success(t('archive.done')),
                    (err: unknown) => void notify.error(message(err)),
                  )
                }
              >
                <Button type="primary" size="small">
                  {t('archive.button')}
                </Button>
              </AsyncPopconfirm>
            )}
            {canReopen && (
              <Button danger size="small" onClick={() => setReopening(true)}>
                {t('reopen.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" title={t('tags.label')}>
        {archived && kase.isLoading ? (
          <Spin size="small" />
        ) : canTag && tags ? (
          <TagEditor key={tags.join('\u0000')} taskId={task.id} tags={tags} onSaved={setSavedTags} />
        ) : (
          <CaseTags tags={tags ?? []} />
        )}
      </Card>
      {summary.isLoading ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : summary.error ? (
        <Alert type="error" showIcon message={message(summary.error)} />
      ) : summary.data ? (
        <SummaryView summary={summary.data} timeZone={me?.time_zone} />
      ) : (
        <NoSummary />
      )}
      {canReopen && <ReopenCaseModal taskId={task.id} open={reopening} onClose={() => setReopening(false)} />}
    </Space>
  );
}
