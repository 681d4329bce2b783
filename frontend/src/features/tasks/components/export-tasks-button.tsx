import { ExportButton } from '@/components/ui/export-button';
import type { TaskListParams } from '@/features/tasks/api/list-tasks';
import type { Priority, Scenario, TaskStatus } from '@/features/tasks/api/types';
import type { ExportRequest } from '@/lib/exports/export-api';

/** `a,b` (the list's query form) → `['a', 'b']` (the export's). */
const split = <T extends string>(v: string | undefined): T[] | undefined => (v ? (v.split(',') as T[]) : undefined);

/** The export of the task list with the list's filters (the sort is the list's own: the workbook has its order). */
export function taskListExport(f: TaskListParams): ExportRequest {
  return {
    kind: 'task_list',
    scenarios: split<Scenario>(f.scenario),
    statuses: split<TaskStatus>(f.status),
    priorities: split<Priority>(f.priority),
    department_id: f.department_id,
    owner_department_id: f.owner_department_id,
    owner_id: f.owner_id,
    q: f.q,
    overdue: f.overdue,
    top_level: f.top_level,
    due_after: f.due_after,
    due_before: f.due_before,
  };
}

/** 导出 Excel on the task list: the tasks the filters on screen select. */
export function ExportTasksButton({ filters }: { filters: TaskListParams }) {
  return <ExportButton request={taskListExport(filters)} />;
}
