import { TasksPage } from '@/features/tasks/components/tasks-page';

export function TasksRoute() {
  return <TasksPage />;
}
