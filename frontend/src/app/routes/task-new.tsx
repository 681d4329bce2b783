import { CreateTaskWizard } from '@/features/tasks/components/create-task-wizard';

export function TaskNewRoute() {
  return <CreateTaskWizard />;
}
