import { AuditLog } from '@/features/audit/components/audit-log';

export function AdminAuditRoute() {
  return <AuditLog />;
}
