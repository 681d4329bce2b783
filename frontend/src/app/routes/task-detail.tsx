import { useParams } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { RequestSection } from '@/features/approvals/components/request-section';
import { CompleteTaskButton } from '@/features/cases/components/complete-task-button';
import { hasSummarySection, TaskSummarySection } from '@/features/cases/components/task-summary-section';
import { CollectionsSection } from '@/features/collections/components/collections-section';
import { CommentThread } from '@/features/comments/components/comment-thread';
import { mayAddFiles } from '@/features/files/components/may-add-files';
import { TaskFiles } from '@/features/files/components/task-files';
import { HelpRequestButton } from '@/features/help/components/help-request-button';
import { TaskMeetings } from '@/features/meetings/components/task-meetings';
import { useTask } from '@/features/tasks/api/get-task';
import { TaskDetail } from '@/features/tasks/components/task-detail';
import { useCurrentUser } from '@/lib/auth/current-user';

function Page({ taskId }: { taskId: string }) {
  // The same (cached) queries the page itself uses: whether the caller may add files.
  const { data: task } = useTask(taskId);
  const { data: me } = useCurrentUser();
  return (
    <TaskDetail
      taskId={taskId}
      discussion={<CommentThread taskId={taskId} />}
      meetings={<TaskMeetings taskId={taskId} />}
      files={<TaskFiles taskId={taskId} canUpload={!!task && !!me && mayAddFiles(task, me)} />}
      actions={
        <>
          {/* A top-level task is marked done with its 协作总结 (the cases feature). */}
          {task && <CompleteTaskButton task={task} />}
          <HelpRequestButton taskId={taskId} />
        </>
      }
      summary={task && hasSummarySection(task) ? <TaskSummarySection task={task} /> : undefined}
      collections={
        task?.scenario === 'info_sync' ? (
          // Whoever runs the task (can_update_progress: its owner, an owner above, an admin) collects.
          <CollectionsSection taskId={taskId} canCreate={task.capabilities.can_update_progress} timeZone={me?.time_zone} />
        ) : undefined
      }
      request={
        task?.scenario === 'resource_request' ? (
          <RequestSection taskId={taskId} canEdit={task.capabilities.can_edit} timeZone={me?.time_zone} />
        ) : undefined
      }
    />
  );
}

export function TaskDetailRoute() {
  const { taskId } = useParams();
  if (!taskId) return <StatusPage status={404} />;
  // A new id is a new page: do not keep one task's modals and tabs for the next.
  return <Page key={taskId} taskId={taskId} />;
}
