import { useSearchParams } from 'react-router';
import { CreateTaskWizard } from '@/features/tasks/components/create-task-wizard';
import { QuickCreateTask } from '@/features/tasks/components/quick-create-task';

/** 新建任务: the one-page quick form, or with `?form=full` the step-by-step application form. */
export function TaskNewRoute() {
  const [params] = useSearchParams();
  return params.get('form') === 'full' ? <CreateTaskWizard /> : <QuickCreateTask />;
}
