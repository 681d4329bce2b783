import { FlowsPage } from '@/features/approvals/components/flows-page';

export function AdminApprovalFlowsRoute() {
  return <FlowsPage />;
}
