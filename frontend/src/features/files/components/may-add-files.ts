import type { components } from '@/lib/api/schema';

type S = components['schemas'];
type Task = Pick<S['TaskDto'], 'status' | 'owner' | 'collaborators' | 'departments' | 'initiating_department'>;
type Me = Pick<S['MeDto'], 'id' | 'role' | 'department_id'>;

/**
 * Whether the caller may add files to a task, as far as the task page can tell (the API has no
 * flag for it): administrators; on a task that is not archived, its owner, collaborators, members
 * of a collaborating department once it is published and heads of an involved department. People
 * named on the task in other ways are not known here: the files tab also offers uploading when
 * any listed file is writable, and the server decides in the end.
 */
export function mayAddFiles(task: Task, me: Me): boolean {
  if (me.role === 'admin') return true;
  if (task.status === 'archived') return false;
  if (task.owner.id === me.id || task.collaborators.some((c) => c.id === me.id)) return true;
  const dept = me.department_id;
  if (!dept) return false;
  const collaborating = task.departments.some((d) => d.id === dept);
  if (collaborating && task.status !== 'draft') return true;
  return me.role === 'dept_head' && (collaborating || task.initiating_department?.id === dept);
}
