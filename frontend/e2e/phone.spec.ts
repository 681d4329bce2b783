import { expect, test, type Page } from '@playwright/test';
import { DEMO_TASK, WANGFANG, signIn } from './support';

// A phone (390 × 844, touch), as in the in-app browsers of WeCom, DingTalk and Feishu.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** The page is no wider than the screen: nothing to scroll sideways. */
async function fitsTheScreen(page: Page, what: string): Promise<void> {
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  const { scroll, inner, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    // What reaches past the screen's edge, to name in the failure.
    wide: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > 390.5)
      .slice(0, 8)
      .map((el) => `${el.tagName}.${String(el.className).slice(0, 60)}`),
  }));
  // A page wider than the screen also shows as a zoomed-out layout viewport (innerWidth > 390).
  expect(scroll, `${what} is ${scroll} px wide on a ${inner} px screen: ${wide.join(', ')}`).toBeLessThanOrEqual(390);
}

test('on a phone: sign in, find a task in the cards, update its progress, comment with a mention from the bottom box, acknowledge a reminder', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/login');
  await fitsTheScreen(page, 'the sign-in page');
  await signIn(page, WANGFANG);
  await fitsTheScreen(page, '我的工作');
  // A compact header: the menu is behind a button, in a drawer over the page.
  await expect(page.getByRole('menuitem', { name: '任务' })).toBeHidden();
  await page.getByRole('button', { name: '菜单' }).click();
  await page.getByRole('menuitem', { name: '任务' }).click();
  await expect(page.getByRole('menuitem', { name: '任务' })).toBeHidden();
  await expect(page).toHaveURL(/\/tasks$/);

  // Cards, not a table; the filters wait in a sheet.
  await expect(page.getByTestId('task-card').first()).toBeVisible();
  await expect(page.locator('.ant-table')).toHaveCount(0);
  await expect(page.getByPlaceholder('搜索任务名称或目标')).toBeHidden();
  await fitsTheScreen(page, '任务');
  await page.getByRole('button', { name: '筛选' }).click();
  const sheet = page.getByRole('dialog', { name: '筛选与排序' });
  await sheet.getByPlaceholder('搜索任务名称或目标').fill(DEMO_TASK);
  await sheet.getByPlaceholder('搜索任务名称或目标').press('Enter');
  await sheet.getByRole('button', { name: '查看结果' }).click();
  await expect(sheet).toBeHidden();
  // Other specs add subtasks named after it (销售部：新品发布会): the card whose title it is.
  const card = page.getByTestId('task-card').filter({ has: page.getByRole('link', { name: DEMO_TASK, exact: true }) });
  await expect(card).toHaveCount(1);
  await card.getByRole('link', { name: DEMO_TASK, exact: true }).click();

  // The task page is one scroll with the discussion; the comment box stays at the bottom.
  await expect(page.getByRole('heading', { name: DEMO_TASK, exact: true })).toBeVisible();
  await fitsTheScreen(page, 'the task page');
  await page.getByRole('button', { name: '更新进度' }).click();
  const progress = page.getByRole('dialog', { name: '更新进度' });
  // The task's percent adds up from its subtasks: the owner writes where it stands.
  await progress.getByLabel('进展说明').fill('手机上更新：场地已确认');
  await progress.getByRole('button', { name: '保存' }).click();
  await expect(progress).toBeHidden();
  await page.getByRole('tab', { name: '进展' }).click();
  await expect(page.getByRole('tabpanel', { name: '进展' }).getByText('手机上更新：场地已确认')).toBeVisible();
  const box = page.getByTestId('comment-box-fixed');
  await expect(box).toBeInViewport();
  const { bottom, height } = await box.evaluate((el) => ({
    bottom: el.getBoundingClientRect().bottom,
    height: window.innerHeight,
  }));
  expect(Math.round(bottom)).toBe(height);
  // A comment that mentions 研发部, picked from what typing "@" offers.
  const text = box.getByRole('textbox').first();
  await text.pressSequentially('手机上发的评论，请 @研', { delay: 20 });
  const offered = page.locator('.ant-mentions-dropdown:visible .ant-mentions-dropdown-menu-item').filter({ hasText: '研发部' });
  await expect(offered.first()).toBeInViewport();
  await offered.first().click();
  await expect(text).toHaveValue('手机上发的评论，请 @研发部 ');
  await box.getByRole('button', { name: '发表' }).click();
  const posted = page.getByTestId('comment').filter({ hasText: '手机上发的评论' });
  await expect(posted).toHaveCount(1);
  await expect(posted.getByText('@研发部').first()).toBeVisible();
  // The box is still there, at the bottom, after scrolling to the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(box).toBeInViewport();

  // A reminder is acknowledged from 我的工作's notifications.
  await page.goto('/');
  const reminder = page
    .getByTestId('notification')
    .filter({ has: page.getByRole('button', { name: '收到并确认' }) })
    .first();
  const title = (await reminder.locator('.ant-list-item-meta-title').innerText()).trim();
  await reminder.getByRole('button', { name: '收到并确认' }).click();
  const same = page.getByTestId('notification').filter({ hasText: title }).first();
  await expect(same.getByText('已确认', { exact: true })).toBeVisible();
  await fitsTheScreen(page, '我的工作 after acknowledging');

  // The Files page keeps its filters in a sheet too.
  await page.goto('/files');
  await expect(page.getByPlaceholder('搜索文件名或说明')).toBeHidden();
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByRole('dialog', { name: '筛选与排序' }).getByPlaceholder('搜索文件名或说明')).toBeVisible();
  await page.getByRole('button', { name: '查看结果' }).click();

  // The other everyday pages fit the screen too.
  for (const path of ['/', '/calendar', '/approvals', '/help-requests', '/files', '/cases', '/me']) {
    await page.goto(path);
    await expect(page.locator('.ant-card').first()).toBeVisible();
    await fitsTheScreen(page, path);
  }
});
