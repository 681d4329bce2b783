import { SearchPage } from '@/features/search/components/search-page';

/** 搜索: full-text search across what the user may see (the top bar's box opens it). */
export function SearchRoute() {
  return <SearchPage />;
}
