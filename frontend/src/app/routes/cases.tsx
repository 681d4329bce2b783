import { useParams } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { CaseLibrary } from '@/features/cases/components/case-library';
import { CasePage } from '@/features/cases/components/case-page';

/** 协作案例库. The top bar's full-text search (GET /search?archived=true) will plug in as `search`. */
export function CasesRoute() {
  return <CaseLibrary />;
}

export function CaseRoute() {
  const { caseId } = useParams();
  if (!caseId) return <StatusPage status={404} />;
  return <CasePage key={caseId} caseId={caseId} />;
}
