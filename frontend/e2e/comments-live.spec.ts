import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

const PASSWORD = 'Tandem@2026';
const WANGFANG = 'wangfang@demo.tandem.cn';
const XUMING = 'xuming@demo.tandem.cn';
// A demo task of 王芳's in which 研发部 (徐明's department) takes part.
const TASK = '新品发布会';

async function signIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: /^你好，/ })).toBeVisible();
  return { context, page };
}

async function openDiscussion(page: Page) {
  await page.getByRole('menuitem', { name: '任务' }).click();
  await page.getByRole('link', { name: TASK, exact: true }).first().click();
  await expect(page.getByRole('heading', { name: TASK, exact: true })).toBeVisible();
  await expect(page.getByTestId('comment-thread')).toBeVisible();
}

async function unreadCount(page: Page): Promise<number> {
  const label = (await page.getByRole('button', { name: /^通知（\d+ 条未读）$/ }).getAttribute('aria-label')) ?? '';
  return Number(/（(\d+) 条未读）/.exec(label)?.[1] ?? NaN);
}

test('评论 @提及 徐明：他不刷新页面就看到通知和新评论，评论中的脚本不会执行', async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString().slice(-6);
  const text = `请确认演示样机进度 ${stamp}`;
  const attack = `<script>window.__xss = 'script'</script><img src="x" onerror="window.__xss = 'onerror'">`;

  // 徐明: one tab on 我的工作 (bell and inbox), one on the task's 讨论 tab. Neither is reloaded.
  const xu = await signIn(browser, XUMING);
  const inbox = xu.page;
  // The live stream is open (the bell also polls, slowly; the comment list does not poll at all).
  const stream = inbox.waitForResponse((r) => r.url().includes('/api/v1/events'));
  await inbox.reload();
  expect((await stream).headers()['content-type']).toContain('text/event-stream');
  await expect(inbox.getByTestId('notifications-unread')).toBeAttached();
  const before = await unreadCount(inbox);
  const taskTab = await xu.context.newPage();
  await taskTab.goto('/');
  await openDiscussion(taskTab);
  await expect(taskTab.getByTestId('comment-body').filter({ hasText: text })).toHaveCount(0);

  // 王芳 comments and mentions 徐明, chosen from the picker.
  const wang = await signIn(browser, WANGFANG);
  const page = wang.page;
  await openDiscussion(page);
  const editor = page.getByTestId('comment-editor').last();
  await editor.getByRole('textbox').fill(text);
  await editor.getByRole('button', { name: '@ 提及' }).click();
  const who = page.getByLabel('选择人员', { exact: true });
  await who.click();
  await who.fill('徐明');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="徐明（研发部）"]').click();
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(editor.getByTestId('comment-mentions')).toHaveText('@徐明');
  await expect(editor.getByRole('textbox')).toHaveValue(`${text} @徐明 `);
  await editor.getByRole('textbox').press('End');
  await editor.getByRole('textbox').pressSequentially(` ${attack}`, { delay: 0 });
  await editor.getByRole('button', { name: '发表' }).click();

  const mine = page.getByTestId('comment').filter({ hasText: text });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByText('@徐明').first()).toBeVisible();

  // 徐明's inbox: the bell count goes up and the mention is listed, without a reload.
  await expect.poll(() => unreadCount(inbox), { timeout: 20_000 }).toBeGreaterThan(before);
  await expect(inbox.getByTestId('notification').filter({ hasText: `王芳 在《${TASK}》中提到了你：${text}` })).toBeVisible();

  // His task tab shows the new comment, also without a reload.
  const seen = taskTab.getByTestId('comment').filter({ hasText: text });
  await expect(seen).toHaveCount(1, { timeout: 20_000 });

  // The markup was not executed nor turned into elements with handlers.
  for (const p of [page, taskTab]) {
    const body = p.getByTestId('comment').filter({ hasText: text }).getByTestId('comment-body');
    await expect(body.locator('script')).toHaveCount(0);
    await expect(body.locator('[onerror]')).toHaveCount(0);
    expect(await p.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
  }

  // Clicking the notification opens the task.
  await inbox.getByTestId('notification').filter({ hasText: `王芳 在《${TASK}》中提到了你：${text}` }).click();
  await expect(inbox.getByRole('heading', { name: TASK, exact: true })).toBeVisible();

  await wang.context.close();
  await xu.context.close();
});
