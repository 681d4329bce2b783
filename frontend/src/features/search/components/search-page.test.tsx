import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BUDGET_TASK_ID, searchHit, searchPage, serveSearch } from '@/features/search/testing/fixtures';
import { marketingDepartment } from '@/testing/fixtures';
import { problem } from '@/testing/handlers';
import { renderApp, signIn } from '@/testing/render';
import { buttonByText, setupFastUser } from '@/testing/user';

const SLOW = { timeout: 20_000 };
const Q = '预算审批';
const FILE_TASK = '0193f000-0000-7000-8000-000000000009';
const COMMENT = searchHit({
  kind: 'comment',
  id: '0193f000-0000-7000-8000-0000000000c1',
  task: { id: '0193f000-0000-7000-8000-000000000008', title: null },
  title: '某任务',
  snippet: { text: '按预算审批走', highlights: [[1, 3], [3, 5]] },
});
const FILE = searchHit({
  kind: 'file',
  id: '0193f000-0000-7000-8000-0000000000f1',
  task: { id: FILE_TASK, title: '年度预算编制' },
  title: '预算审批表.xlsx',
  snippet: { text: '预算审批表', highlights: [[0, 4]] },
});

const hits = () => screen.findAllByTestId('search-hit', {}, SLOW);
/** jsdom is as narrow as a phone: the facets open in a drawer. */
async function openFacets(user: ReturnType<typeof setupFastUser>) {
  await user.click(buttonByText(screen, /^筛选/));
  return screen.findByTestId('search-facets', {}, SLOW);
}
function facetValue(facet: string, v: string): HTMLElement {
  const found = screen
    .getByTestId(`search-facet-${facet}`)
    .querySelector<HTMLElement>(`[data-testid="search-facet-value"][data-value="${v}"]`);
  if (!found) throw new Error(`no facet value ${facet}=${v}`);
  return found;
}

describe('搜索', () => {
  it('lists results: kind, title linking to the task (a file to its 文件 tab), the task or a placeholder, marked snippet, date in the user time zone', async () => {
    const queries = serveSearch(() => searchPage([searchHit(), COMMENT, FILE], { total: 3 }));
    signIn();
    renderApp(`/search?q=${encodeURIComponent(Q)}`);

    const [task, comment, file] = (await hits()) as [HTMLElement, HTMLElement, HTMLElement];
    expect(queries[0]?.get('q')).toBe(Q);
    expect(queries[0]?.has('archived')).toBe(false);
    expect(screen.getByTestId('search-count')).toHaveTextContent('找到 3 条结果');

    expect(task).toHaveTextContent('任务');
    expect(within(task).getByRole('link', { name: 'Q3 市场推广预算申请' })).toHaveAttribute('href', `/tasks/${BUDGET_TASK_ID}`);
    expect([...task.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['审批', '预算']);
    // 16:30 UTC is 00:30 the next day in 张三's Asia/Shanghai.
    expect(task).toHaveTextContent('更新于 2026年10月1日 00:30');

    expect(comment).toHaveTextContent('评论');
    expect(within(comment).getByTestId('search-hit-task')).toHaveTextContent('所属任务：无权查看的任务');
    expect(within(comment).queryByRole('link')).toBeNull();

    expect(file).toHaveTextContent('文件');
    expect(within(file).getByRole('link', { name: '预算审批表.xlsx' })).toHaveAttribute('href', `/tasks/${FILE_TASK}?tab=files`);
    expect(within(file).getByRole('link', { name: '年度预算编制' })).toHaveAttribute('href', `/tasks/${FILE_TASK}`);
  });

  it('a facet click refetches with the filter (kept in the URL), 最新 sorts by date, clearing refetches without them', async () => {
    const queries = serveSearch((q) =>
      q.get('kind') === 'file' ? searchPage([FILE]) : searchPage([searchHit(), FILE], { total: 2 }),
    );
    signIn();
    const user = setupFastUser();
    const { router } = renderApp(`/search?q=${encodeURIComponent(Q)}`);
    expect(await hits()).toHaveLength(2);

    await openFacets(user);
    expect(facetValue('department_id', marketingDepartment.id)).toHaveTextContent('市场部3');
    expect(facetValue('kind', 'file')).toHaveTextContent('文件1');
    await user.click(facetValue('kind', 'file'));
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(1), SLOW);
    expect(queries.at(-1)?.get('kind')).toBe('file');
    expect(queries.at(-1)?.get('q')).toBe(Q);
    expect(new URLSearchParams(router.state.location.search).get('kind')).toBe('file');
    expect(facetValue('kind', 'file')).toHaveAttribute('aria-pressed', 'true');

    await user.click(facetValue('tag', '预算审批'));
    await waitFor(() => expect(queries.at(-1)?.get('tag')).toBe('预算审批'), SLOW);
    expect(queries.at(-1)?.get('kind')).toBe('file');

    await user.click(screen.getByText('最新'));
    await waitFor(() => expect(queries.at(-1)?.get('sort')).toBe('newest'), SLOW);

    await user.click(buttonByText(within(screen.getByTestId('search-active-filters')), /清除筛选/));
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(2), SLOW);
    expect([...(queries.at(-1)?.keys() ?? [])].sort()).toEqual(['limit', 'q', 'sort']);
  }, 60_000);

  it('loads the next page with next_cursor', async () => {
    const queries = serveSearch((q) =>
      q.get('cursor') === 'c-2' ? searchPage([FILE], { total: 2 }) : searchPage([searchHit()], { total: 2, next_cursor: 'c-2' }),
    );
    signIn();
    const user = setupFastUser();
    renderApp(`/search?q=${encodeURIComponent(Q)}`);
    expect(await hits()).toHaveLength(1);
    await user.click(buttonByText(screen, /加载更多/));
    await waitFor(() => expect(screen.getAllByTestId('search-hit')).toHaveLength(2), SLOW);
    expect(queries.at(-1)?.get('cursor')).toBe('c-2');
    expect(screen.queryByText(/加载更多/)).not.toBeInTheDocument();
  });

  it('says when nothing matches', async () => {
    serveSearch(() => searchPage([], { total: 0 }));
    signIn();
    renderApp(`/search?q=${encodeURIComponent('没有的词')}`);
    expect(await screen.findByText('没有找到与“没有的词”相关的结果', {}, SLOW)).toBeInTheDocument();
  });

  it('503 index_building shows the translated message; 重试 asks again', async () => {
    let building = true;
    const queries = serveSearch(() =>
      building ? problem(503, 'index_building', { headers: { 'Retry-After': '5' } }) : searchPage([searchHit()]),
    );
    signIn();
    const user = setupFastUser();
    renderApp(`/search?q=${encodeURIComponent(Q)}`);

    const alert = await screen.findByTestId('search-error', {}, SLOW);
    expect(alert).toHaveTextContent('搜索索引正在建立，请稍后再试。');
    expect(alert).not.toHaveTextContent('English developer detail');
    expect(queries).toHaveLength(1);
    building = false;
    await user.click(screen.getByTestId('search-retry'));
    expect(await hits()).toHaveLength(1);
    expect(screen.queryByTestId('search-error')).not.toBeInTheDocument();
  });

  it('the top bar box: Enter opens the 搜索 page with the words', async () => {
    const queries = serveSearch(() => searchPage([searchHit()]));
    signIn();
    const user = setupFastUser();
    const { router } = renderApp('/');
    // A phone-wide jsdom: the box opens from an icon.
    await user.click(await screen.findByTestId('top-bar-search-open', {}, SLOW));
    const box = await screen.findByPlaceholderText('搜索任务、评论、会议和文件', {}, SLOW);
    await user.type(box, `${Q}{Enter}`);
    await waitFor(() => expect(router.state.location.pathname).toBe('/search'), SLOW);
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe(Q);
    expect(await hits()).toHaveLength(1);
    expect(queries.at(-1)?.get('q')).toBe(Q);
  });
});
