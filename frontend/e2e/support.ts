import { expect, type Browser, type Page } from '@playwright/test';

/** Every demo user's password. */
export const PASSWORD = 'Tandem@2026';
export const WANGFANG = 'wangfang@demo.tandem.cn';
// 王芳's demo task (due in 30 days) in which 研发部, 徐明's department, takes part.
export const DEMO_TASK = '新品发布会';

/** Signs `page` in as `email` and waits for 我的工作. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: /^你好，/ })).toBeVisible();
}

/** A demo user's email: `local`@demo.tandem.cn. */
export const demoEmail = (local: string) => `${local}@demo.tandem.cn`;

/** A page in a new browser context (a session of its own) signed in as the demo user `local`. */
export async function signInNew(browser: Browser, local: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, demoEmail(local));
  return page;
}

/** From the menu, opens the task titled `title` and then its tab `tab`. */
export async function openTaskTab(page: Page, title: string, tab: string): Promise<void> {
  await page.getByRole('menuitem', { name: '任务' }).click();
  await page.getByRole('link', { name: title, exact: true }).first().click();
  await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  await page.getByRole('tab', { name: tab }).click();
}
