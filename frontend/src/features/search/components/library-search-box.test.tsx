import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { searchHit, searchPage, serveSearch } from '@/features/search/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { setupFastUser } from '@/testing/user';

const SLOW = { timeout: 20_000 };
const Q = '预算审批';

/** GET /cases: an empty library (its cards are the cases feature's tests); how often it was asked. */
function serveCases() {
  const calls: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/api/v1/cases'), ({ request }) => {
      calls.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        items: [],
        total: 0,
        next_cursor: null,
        facets: { department: [], scenario: [], quarter: [], tag: [], outcome: [] },
      });
    }),
  );
  return calls;
}

async function searchBox(): Promise<HTMLInputElement> {
  const el = await screen.findByTestId('library-search', {}, SLOW);
  const input = el instanceof HTMLInputElement ? el : el.querySelector('input');
  if (!input) throw new Error('no input');
  return input;
}

describe('案例库 search', () => {
  it('words in the box query /search with archived=true and list the hits; emptied, the library returns', async () => {
    const cases = serveCases();
    const queries = serveSearch(() => searchPage([searchHit()]));
    signIn();
    const user = setupFastUser();
    const { router } = renderApp('/cases?tag=%E9%A2%84%E7%AE%97%E5%AE%A1%E6%89%B9');
    expect(await screen.findByText('没有符合筛选条件的案例', {}, SLOW)).toBeInTheDocument();
    expect(queries).toHaveLength(0);

    const box = await searchBox();
    await user.type(box, `${Q}{Enter}`);

    const hit = await screen.findByTestId('search-hit', {}, SLOW);
    const q = queries.at(-1);
    expect(q?.get('q')).toBe(Q);
    expect(q?.get('archived')).toBe('true');
    // The library's facet filters carry over to the search.
    expect(q?.get('tag')).toBe(Q);
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe(Q);
    expect(hit.querySelectorAll('mark')).toHaveLength(2);
    expect(screen.queryByTestId('case-cards')).toBeNull();

    const casesBefore = cases.length;
    await user.clear(box);
    await waitFor(() => expect(screen.queryByTestId('search-view')).toBeNull(), SLOW);
    expect(new URLSearchParams(router.state.location.search).has('q')).toBe(false);
    await waitFor(() => expect(cases.length).toBeGreaterThan(casesBefore), SLOW);
    expect(cases.at(-1)?.get('tag')).toBe(Q);
  }, 60_000);

  it('searching waits for a pause while typing (one request for the words, not one per key)', async () => {
    serveCases();
    const queries = serveSearch(() => searchPage([searchHit()]));
    signIn();
    const user = setupFastUser();
    renderApp('/cases');
    const box = await searchBox();
    await user.type(box, Q);
    expect(await screen.findByTestId('search-hit', {}, SLOW)).toBeInTheDocument();
    expect(queries.map((q) => q.get('q'))).toEqual([Q]);
    expect(queries[0]?.get('archived')).toBe('true');
  });
});
