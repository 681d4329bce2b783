import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { caseCard, casePage, CASE_ID } from '@/features/cases/testing/fixtures';
import { marketingDepartment } from '@/testing/fixtures';
import { apiPath } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { server } from '@/testing/server';
import { buttonByText, setupFastUser } from '@/testing/user';

const SLOW = { timeout: 20_000 };
const LATE = caseCard(
  { outcome: 'late', days_late: 1.3, tags: [], summary_outcome: null, quarter: '2026-Q4' },
  { id: '0193e000-0000-7000-8000-000000000002', title: '品牌物料更新' },
);

/** GET /cases answering with `answer(query)`; every query string it got. */
function serveCases(answer: (q: URLSearchParams) => ReturnType<typeof casePage>) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(apiPath('/api/v1/cases'), ({ request }) => {
      const q = new URL(request.url).searchParams;
      queries.push(q);
      return HttpResponse.json(answer(q));
    }),
  );
  return queries;
}

const facet = (name: string) => screen.findByTestId(`facet-${name}`, {}, SLOW);

/** jsdom is as narrow as a phone (no media query matches): the filters open in a drawer. */
async function openFilters(user: ReturnType<typeof setupFastUser>) {
  await user.click(buttonByText(screen, /^筛选/));
  return screen.findByTestId('case-filters', {}, SLOW);
}
const value = (group: HTMLElement, v: string) => {
  const found = group.querySelector<HTMLElement>(`[data-testid="facet-value"][data-value="${v}"]`);
  if (!found) throw new Error(`no facet value ${v}`);
  return found;
};

describe('协作案例库', () => {
  it('shows each case: title, departments, owner, quarter, on time or late with days, tags and the outcome', async () => {
    serveCases(() => casePage([caseCard(), LATE]));
    signIn();
    renderApp('/cases');

    const cards = await screen.findAllByTestId('case-card', {}, SLOW);
    expect(cards).toHaveLength(2);
    const [spring, late] = cards as [HTMLElement, HTMLElement];
    expect(within(spring).getByRole('link', { name: '春季新品上市推广' })).toHaveAttribute('href', `/cases/${CASE_ID}`);
    expect(spring).toHaveTextContent('负责人：王芳');
    expect(spring).toHaveTextContent('协作部门：市场部、研发部、销售部');
    expect(spring).toHaveTextContent('2026 年第 2 季度');
    expect(spring).toHaveTextContent('按时完成');
    expect(spring).toHaveTextContent('提前 2 天');
    expect(spring).toHaveTextContent('首月销量 3,420 台，完成目标的 114%');
    expect(within(spring).getByTestId('case-tags')).toHaveTextContent('新品上市渠道');
    expect(late).toHaveTextContent('延期完成');
    expect(late).toHaveTextContent('延期 1.3 天');
    expect(late).toHaveTextContent('没有协作总结');
    // Facet counts from the API (in the drawer on a phone).
    await openFilters(setupFastUser());
    expect(value(await facet('department_id'), marketingDepartment.id)).toHaveTextContent('市场部7');
    expect(value(await facet('outcome'), 'late')).toHaveTextContent('延期完成4');
    expect(screen.getByText('共 2 条')).toBeInTheDocument();
  });

  it('a facet click refetches with the filter, a second facet adds to it, 清除筛选 refetches without them', async () => {
    const queries = serveCases((q) => (q.get('tag') ? casePage([caseCard()]) : casePage([caseCard(), LATE])));
    signIn();
    const user = setupFastUser();
    const { router } = renderApp('/cases');
    expect(await screen.findAllByTestId('case-card', {}, SLOW)).toHaveLength(2);
    await openFilters(user);

    await user.click(value(await facet('tag'), '新品上市'));
    await waitFor(() => expect(screen.getAllByTestId('case-card')).toHaveLength(1), SLOW);
    expect(queries.at(-1)?.get('tag')).toBe('新品上市');
    expect(router.state.location.search).toBe(`?tag=${encodeURIComponent('新品上市')}`);
    expect(value(await facet('tag'), '新品上市')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('active-filters')).toHaveTextContent('标签：新品上市');
    expect(screen.getByText('筛选（1）')).toBeInTheDocument();

    // A second facet narrows further: both filters are sent.
    await user.click(value(await facet('outcome'), 'on_time'));
    await waitFor(() => expect(queries.at(-1)?.get('outcome')).toBe('on_time'), SLOW);
    expect(queries.at(-1)?.get('tag')).toBe('新品上市');

    await user.click(buttonByText(within(screen.getByTestId('active-filters')), /清除筛选/));
    await waitFor(() => expect(screen.getAllByTestId('case-card')).toHaveLength(2), SLOW);
    expect([...(queries.at(-1)?.keys() ?? [])].sort()).toEqual(['limit']);
  }, 60_000);

  it('loads the next page with next_cursor and appends it', async () => {
    const queries = serveCases((q) =>
      q.get('cursor') === 'c-2' ? casePage([LATE], { total: 2 }) : casePage([caseCard()], { total: 2, next_cursor: 'c-2' }),
    );
    signIn();
    const user = setupFastUser();
    renderApp('/cases');
    expect(await screen.findAllByTestId('case-card', {}, SLOW)).toHaveLength(1);

    await user.click(buttonByText(screen, /加载更多/));
    await waitFor(() => expect(screen.getAllByTestId('case-card')).toHaveLength(2), SLOW);
    expect(queries.at(-1)?.get('cursor')).toBe('c-2');
    expect(screen.queryByText(/加载更多/)).not.toBeInTheDocument();
  });

  it('says when no case matches the filters and offers to clear them; an empty library says how cases get there', async () => {
    const queries = serveCases((q) => (q.get('quarter') ? casePage([], { total: 0 }) : casePage([])));
    signIn();
    const user = setupFastUser();
    renderApp('/cases?quarter=2026-Q1');

    expect(await screen.findByText('没有符合筛选条件的案例', {}, SLOW)).toBeInTheDocument();
    expect(queries[0]?.get('quarter')).toBe('2026-Q1');
    await user.click(screen.getByTestId('empty-clear'));
    expect(await screen.findByText('案例库还是空的', {}, SLOW)).toBeInTheDocument();
  });
});
