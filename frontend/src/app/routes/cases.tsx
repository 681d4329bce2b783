import { useParams, useSearchParams } from 'react-router';
import { StatusPage } from '@/components/ui/status-page';
import { CaseLibrary } from '@/features/cases/components/case-library';
import { CasePage } from '@/features/cases/components/case-page';
import { LibrarySearchBox } from '@/features/search/components/library-search-box';
import { SearchView } from '@/features/search/components/search-view';

/**
 * 协作案例库, with full-text search plugged in: with words in the box (`?q=`) the library lists
 * search hits among archived tasks (GET /search?archived=true) instead of its cards.
 */
export function CasesRoute() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  return <CaseLibrary search={{ box: <LibrarySearchBox />, results: q ? <SearchView archived /> : null }} />;
}

export function CaseRoute() {
  const { caseId } = useParams();
  if (!caseId) return <StatusPage status={404} />;
  return <CasePage key={caseId} caseId={caseId} />;
}
