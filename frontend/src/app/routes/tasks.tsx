import { useLocation } from 'react-router';
import { TasksPage } from '@/features/tasks/components/tasks-page';

export function TasksRoute() {
  // A link with other filters in the URL (e.g. from a report) starts the page afresh.
  const { search } = useLocation();
  return <TasksPage key={search} />;
}
