import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn, WANGFANG } from './support';

const CASE = 'Q3 市场推广预算申请';
const WORDS = '预算审批';

/**
 * The results, once the index answers: right after `serve --seed-demo` it may still be building
 * (503 index_building), which the page says with a 重试 button.
 */
async function results(page: Page): Promise<Locator> {
  await expect(async () => {
    const retry = page.getByTestId('search-retry');
    if (await retry.isVisible()) {
      await expect(page.getByTestId('search-error')).toContainText('搜索索引正在建立');
      await retry.click();
    }
    await expect(page.getByTestId('search-hit').first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  return page.getByTestId('search-results');
}

test('全文搜索：王芳在顶栏搜“预算审批”看到案例的高亮结果，在案例库中搜索并打开案例', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, WANGFANG);

  // The top bar: Enter opens 搜索 with the words in the URL.
  const box = page.getByTestId('top-bar-search');
  await box.fill(WORDS);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  expect(new URL(page.url()).searchParams.get('q')).toBe(WORDS);
  await expect(page.getByRole('heading', { name: '搜索', exact: true })).toBeVisible();

  // Chinese is segmented: 预算审批 finds the case whose summary says 审批预算的流程.
  const list = await results(page);
  const hit = list.getByTestId('search-hit').filter({ has: page.getByRole('link', { name: CASE, exact: true }) }).first();
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toBeVisible();
  const marked = await hit.locator('mark').allTextContents();
  expect(marked.some((m) => /预算|审批/.test(m)), `marks: ${marked.join('|')}`).toBeTruthy();
  await expect(page.getByTestId('search-count')).toContainText(/找到 \d+ 条结果/);

  // 案例库: the same words in its box search archived tasks only (and the URL keeps them).
  await page.getByRole('menuitem', { name: '案例库' }).click();
  await expect(page.getByTestId('case-cards')).toBeVisible();
  const libraryBox = page.getByTestId('library-search');
  await libraryBox.fill(WORDS);
  await libraryBox.press('Enter');
  await expect(page).toHaveURL(/\/cases\?q=/);
  const archived = await results(page);
  await expect(page.getByTestId('case-cards')).toHaveCount(0);
  const caseHit = archived.getByTestId('search-hit').filter({ has: page.getByRole('link', { name: CASE, exact: true }) }).first();
  await expect(caseHit.locator('mark').first()).toBeVisible();

  // The result opens its task; from there, its page in the case library.
  await caseHit.getByRole('link', { name: CASE, exact: true }).click();
  await expect(page.getByRole('heading', { name: CASE, exact: true })).toBeVisible();
  await page.getByRole('link', { name: '在案例库中查看' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: CASE, exact: true })).toBeVisible();
  await expect(page.getByText('预算审批').first()).toBeVisible();

  // Emptied, the library returns.
  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/\/cases\?q=/);
  await page.getByTestId('library-search').fill('');
  await expect(page.getByTestId('case-cards')).toBeVisible();
  await expect(page).toHaveURL(/\/cases$/);
});
