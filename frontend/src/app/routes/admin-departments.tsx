import { DepartmentsTable } from '@/features/departments/components/departments-table';

export function AdminDepartmentsRoute() {
  return <DepartmentsTable />;
}
