import { useParams } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { CommentThread } from '@/features/comments/components/comment-thread';
import { HelpRequestButton } from '@/features/help/components/help-request-button';
import { TaskMeetings } from '@/features/meetings/components/task-meetings';
import { TaskDetail } from '@/features/tasks/components/task-detail';

export function TaskDetailRoute() {
  const { taskId } = useParams();
  if (!taskId) return <StatusPage status={404} />;
  // A new id is a new page: do not keep one task's modals and tabs for the next.
  return (
    <TaskDetail
      key={taskId}
      taskId={taskId}
      discussion={<CommentThread taskId={taskId} />}
      meetings={<TaskMeetings taskId={taskId} />}
      actions={<HelpRequestButton taskId={taskId} />}
    />
  );
}
